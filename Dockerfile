# The app in a container: docker build -t ce-playground . && docker run -p 8501:8501 ce-playground
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py ./
COPY pages/ pages/
COPY ce_core/ ce_core/
COPY ce_ui/ ce_ui/
COPY .streamlit/ .streamlit/
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.fileWatcherType=none"]
