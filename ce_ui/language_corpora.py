"""The Language models page's built-in training texts, one per language of the app.

Written for this app (no licence questions): a few paragraphs about cross-entropy, prediction and
compression, in each language's own words (they are not translations of each other, so that each
reads naturally). Each is between one and three thousand characters: enough for an order-2 or
order-3 model to learn common words, small enough to train in a few milliseconds.
"""

from __future__ import annotations

CORPORA: dict[str, str] = {
    "en": (
        "A language model reads a text one character at a time and, before each new character, "
        "says how likely every possible character is. If the model gives the character that "
        "really comes next a high probability, it was not surprised, and the cost is small. If it "
        "gave that character a tiny probability, the surprise is large. The surprise of one "
        "character is minus the logarithm of its probability: one bit for a fair coin, three bits "
        "for one of eight equally likely letters, nothing at all for a certainty.\n\n"
        "Cross-entropy is the average surprise over the whole text. It is the number a training "
        "log prints as the loss, usually in nats per token. Perplexity turns that average back "
        "into a count: a perplexity of four means the model was as unsure as if it had to pick "
        "among four equally likely characters at every step.\n\n"
        "A model that has only seen a short text knows little. With no context at all it can only "
        "learn how often each letter occurs. With one or two characters of context it learns that "
        "a q is followed by a u and that the is a common word. With a long context and a small "
        "corpus it memorises the corpus: it predicts the training text almost perfectly and is "
        "lost on any new sentence. That is overfitting, and a held-out text shows it.\n\n"
        "Smoothing keeps some probability for things the model has never seen. Without it, one "
        "unexpected character costs an infinite number of bits, and no amount of good prediction "
        "elsewhere can pay for it.\n\n"
        "There is one more way to read the same number. An arithmetic coder turns the model's "
        "probabilities into a code, and the length of that code is the total surprise of the "
        "text, within a couple of bits. A better model is therefore a better compressor, and the "
        "cross-entropy is the size of the best code the model allows."
    ),
    "vi": (
        "Một mô hình ngôn ngữ đọc văn bản từng ký tự một, và trước mỗi ký tự mới, nó cho biết "
        "mỗi ký tự có thể xuất hiện với xác suất bao nhiêu. Nếu ký tự thật sự đến tiếp theo được "
        "mô hình cho xác suất cao, mô hình không bất ngờ và cái giá phải trả là nhỏ. Nếu ký tự đó "
        "chỉ được cho một xác suất rất nhỏ, sự bất ngờ là lớn. Độ bất ngờ của một ký tự bằng âm "
        "lôgarit của xác suất của nó: một bit cho một lần tung đồng xu công bằng, ba bit cho một "
        "trong tám chữ cái có khả năng như nhau, và bằng không khi điều đó chắc chắn xảy ra.\n\n"
        "Entropy chéo là độ bất ngờ trung bình trên cả văn bản. Đó chính là con số mà nhật ký "
        "huấn luyện in ra dưới tên hàm mất mát, thường tính bằng nat cho mỗi token. Độ bối rối "
        "(perplexity) đổi con số trung bình đó thành một số lượng lựa chọn: độ bối rối bằng bốn "
        "nghĩa là ở mỗi bước mô hình phân vân như khi phải chọn giữa bốn ký tự có khả năng như "
        "nhau.\n\n"
        "Một mô hình chỉ thấy một đoạn văn ngắn thì biết rất ít. Không có ngữ cảnh, nó chỉ học "
        "được mỗi chữ cái xuất hiện thường xuyên đến đâu. Có một hai ký tự ngữ cảnh, nó học được "
        "những âm tiết và những từ hay gặp. Với ngữ cảnh dài và dữ liệu ít, nó học thuộc lòng dữ "
        "liệu: đoán văn bản huấn luyện gần như hoàn hảo nhưng lúng túng trước mọi câu mới. Đó là "
        "quá khớp, và một phần văn bản được giữ lại để kiểm tra sẽ cho thấy điều đó.\n\n"
        "Làm trơn giữ lại một ít xác suất cho những gì mô hình chưa từng thấy. Không có nó, chỉ "
        "một ký tự bất ngờ cũng tốn vô số bit, và dự đoán tốt đến đâu ở chỗ khác cũng không bù "
        "lại được.\n\n"
        "Còn một cách đọc khác của cùng con số ấy. Bộ mã hóa số học biến các xác suất của mô hình "
        "thành một mã, và độ dài của mã bằng tổng độ bất ngờ của văn bản, sai lệch không quá vài "
        "bit. Vì vậy mô hình tốt hơn là bộ nén tốt hơn."
    ),
    "ru": (
        "Языковая модель читает текст по одному символу и перед каждым новым символом говорит, "
        "насколько вероятен каждый возможный символ. Если символ, который действительно идёт "
        "дальше, получил высокую вероятность, модель не удивлена и плата невелика. Если же он "
        "получил крошечную вероятность, удивление велико. Удивление одного символа равно минус "
        "логарифму его вероятности: один бит для честной монеты, три бита для одной из восьми "
        "равновероятных букв и ноль для того, что случится наверняка.\n\n"
        "Перекрёстная энтропия — это среднее удивление по всему тексту. Именно это число журнал "
        "обучения печатает как функцию потерь, обычно в натах на токен. Перплексия переводит "
        "среднее обратно в количество вариантов: перплексия четыре означает, что на каждом шаге "
        "модель сомневалась так, будто выбирала из четырёх равновероятных символов.\n\n"
        "Модель, которая видела только короткий текст, знает немного. Без контекста она узнаёт "
        "лишь, как часто встречается каждая буква. С одним-двумя символами контекста она узнаёт "
        "частые слоги и короткие слова. С длинным контекстом и маленьким корпусом она заучивает "
        "корпус наизусть: обучающий текст предсказывает почти идеально, а на любой новой фразе "
        "теряется. Это переобучение, и отложенная часть текста его показывает.\n\n"
        "Сглаживание оставляет немного вероятности тому, чего модель ещё не видела. Без него один "
        "неожиданный символ стоит бесконечно много бит, и никакие удачные предсказания в "
        "остальном тексте этого не окупят.\n\n"
        "То же число можно прочитать и иначе. Арифметический кодер превращает вероятности модели "
        "в код, и длина кода равна суммарному удивлению текста с точностью до пары бит. Значит, "
        "лучшая модель — это лучший архиватор."
    ),
    "zh": (
        "语言模型一次读一个字符。每读到下一个字符之前，它先说出每个可能的字符出现的概率。"
        "如果真正出现的字符得到了很高的概率，模型并不意外，付出的代价也很小；"
        "如果那个字符只得到很小的概率，意外就很大。一个字符的意外程度等于它的概率取对数再取负："
        "公平的硬币是一比特，八个同样可能的字母之一是三比特，必然发生的事是零。\n\n"
        "交叉熵就是整段文本的平均意外程度。训练日志里打印的损失正是这个数，通常以每个词元多少奈特来表示。"
        "困惑度把这个平均值换算回选项的个数：困惑度为四，意味着模型在每一步都像是在四个同样可能的字符中猜一个。\n\n"
        "只见过一小段文本的模型知道得很少。没有上下文时，它只能学到每个字出现得有多频繁。"
        "有了一两个字的上下文，它就能学到常见的词语。上下文很长而语料很少时，它会把语料背下来："
        "对训练文本几乎猜得分毫不差，遇到新句子却不知所措。这就是过拟合，留出的一部分文本能把它显示出来。\n\n"
        "平滑为模型从未见过的情况保留一点概率。没有平滑，只要出现一个意料之外的字符，代价就是无穷多比特，"
        "其他地方预测得再好也弥补不了。\n\n"
        "同一个数还有另一种读法。算术编码器把模型给出的概率变成一段编码，编码的长度等于文本的总意外程度，"
        "误差不超过几个比特。所以，更好的模型就是更好的压缩器，交叉熵就是模型所能给出的最短编码的长度。"
        "我们用这段话来训练模型，再用它给你输入的句子打分。\n\n"
        "读训练日志时，可以把损失换算成困惑度：损失是每个词元一点三七奈特，困惑度大约是四；"
        "损失降到零点六九，困惑度就是二，相当于模型在每一步只在两个选项之间犹豫。"
        "刚开始训练时，模型对所有词元一视同仁，损失接近词表大小的自然对数。"
        "如果第一个损失比这个数大得多，多半是哪里写错了；如果损失降得比这个数还低很多，模型才真正学到了东西。"
        "中文的一个字往往就是一个词的一部分，所以字符模型在中文上的困惑度和在英文上的不能直接比较："
        "汉字的种类多得多，每个字携带的信息也多得多。"
    ),
}
"""A built-in training text per language id (``train=en`` … ``train=zh`` in a link)."""

SAMPLE_TEXTS: dict[str, str] = {
    "en": "A better model is a better compressor.",
    "vi": "Mô hình tốt hơn là bộ nén tốt hơn.",
    "ru": "Лучшая модель — это лучший архиватор.",
    "zh": "更好的模型就是更好的压缩器。",
}
"""A sentence to score in each language (the Text field's starting value is the English one)."""
