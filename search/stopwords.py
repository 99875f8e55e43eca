"""Words that carry no content in a search query (question words, pronouns,
auxiliaries, prepositions...), per language, as readers type them. The query
drops them unless nothing else is left (search/query.py).

Each set holds words in lower case, as typed. Serbian ("sr", also for
"sr-latn") is in Latin script, with and without diacritics ("šta", "sta"):
Cyrillic Serbian is transliterated before it is looked up. For the
Arabic-script languages every word is also there in the spellings of the
other keyboards (Arabic ي/ك, Persian ی/ک, Pashto ې/ګ, Urdu ہ/ھ/ے, alef with
or without hamza, with or without ZWNJ). And every set also holds each of its
words as `analysis.fold` writes it (no diacritics, ё → е, ي → ی), so a word
is found whether the query looks it up as typed or folded.

Kept out on purpose, though they look like function words:
- negation and "without" (not, no, без, bez, بدون, بی, نه, نہیں...):
  "without insurance" and "no documents" are what a reader asks about;
- verbs that say what the reader wants done: need, want, get, go, come,
  work, pay, register (нужно, надо, треба, treba, أريد, می‌خواهم);
- prepositions of time, place and limit (before, after, until, under, over,
  between, during; до, после, через; do, posle, pre; قبل, بعد; تا; تک):
  "under 18", "after asylum" narrow what is meant;
- words the guides use as content: "it" (IT sector), "may" (the month),
  "id", "ill", "first", "free", "white", "card", "one"; белый; dom, centar;
  مركز; کار (work, though چه‌کار "what to do" is in); خود (self-employment
  is often typed "خود اشتغالی"); کرد (also "Kurd"); Ukrainian "мати"
  (also "mother").
"""

from .analysis import fold

_TYPED = {
    "en": """
        how what what's whats where where's wheres when when's who who's whos whom whose why which
        how's hows whether
        can could should would shall will might must do does did done doing
        is are was were be been being am
        have has had having there there's theres here
        i i'm im i've ive i'd i'll me my mine myself
        we we're we've our ours ourselves us
        you you're youre you've your yours yourself yourselves
        he he's him his himself she she's her hers herself
        they they're theyre their theirs them themselves its itself
        this that that's these those
        a an the
        in on at to for of with from by about into onto upon as
        and or but if so than then also too very because although though
        any some all each every just
        anyone anybody someone somebody something anything
        please hi hello thanks thank
        much many
    """,
    # Latin script, with and without diacritics; ijekavian forms too.
    "sr": """
        kako šta sta što sto gde gdje kada kad ko tko koga kome čemu cemu čega cega
        zašto zasto zbog koji koja koje kojeg kojega kojem kojoj koju kojim kojih
        čiji ciji čija cija čije cije koliko li
        je su sam si smo ste biti bio bila bilo bili bile jesam jesi jeste jesmo jesu
        će ce ću cu ćeš ces ćemo cemo ćete cete bih bi bismo biste
        mogu može moze možeš mozes možemo mozemo možete mozete moći moci mogao mogla
        mora moram moramo morate moraju
        ima imam imaš imas imamo imate imaju
        uraditi uradim uradimo učiniti uciniti
        ja ti on ona ono mi vi oni one
        me mene meni tebe tebi te ga njega njemu mu nju njoj joj
        nas nama nam vas vama vam ih njih njima im se sebe sebi
        moj moja moje moji moju mog moga mom mojim
        tvoj tvoja tvoje tvoji tvoju
        naš nas naša nasa naše nase naši nasi našu nasu našeg naseg
        vaš vas vaša vasa vaše vase vaši vasi vašu vasu vašeg vaseg
        njegov njegova njegovo njen njena njeno njihov njihova njihovo
        svoj svoja svoje svoji svoju svog svoga
        ovaj ova ovo ovi ove taj ta to tu tamo ovde ovdje onaj
        neki neka neko nešto nesto sve svi sva svaki svaka
        u na sa s za od iz o po k ka uz kod
        i ili a ali ako kao jer pa nego već vec
        da još jos baš bas evo eto takođe takodje takodjer isto vrlo jako veoma
        molim hvala zdravo
    """,
    "ru": """
        как что чё че чего чем чему где куда откуда когда кто кого кому
        почему зачем какой какая какое какие какого какую каком каких каким
        который которая которое которые сколько ли разве можно
        я меня мне мной мой моя моё мое мои моего моей моему моих
        мы нас нам нами наш наша наше наши нашего нашей наших
        вы вас вам вами ваш ваша ваше ваши вашего вашей ваших
        ты тебя тебе тобой твой твоя твоё твое твои
        он она оно они его её ее их ему ей им ним него неё нее ней них нему
        свой своя своё свое свои своего своей своих свою себя себе
        в во на с со к ко по о об обо от для из у за при про
        и или а но да если то же ж бы б
        это этот эта эти этого этой этих тот та те
        есть быть был была было были будет будут буду будем является
        могу может можем можете могут мочь должен должна должно должны
        делать сделать чтобы чтоб
        там тут здесь так также тоже очень уже ещё еще все всё весь вся всех
        пожалуйста здравствуйте привет вообще просто ну вот
    """,
    "uk": """
        як що шо чого чим чому де куди звідки коли хто кого кому навіщо нащо
        який яка яке які якого якої якому якій яку яких яким котрий скільки чи хіба можна
        я мене мені мною мій моя моє мої мого моєї моїй моєму моїх
        ми нас нам нами наш наша наше наші нашого нашої наших
        ви вас вам вами ваш ваша ваше ваші вашого вашої ваших
        ти тебе тобі тобою твій твоя твоє твої
        він вона воно вони його її їх йому їй їм ним нього неї ній них
        свій своя своє свої свого своєї своїх свою себе собі
        в у на з із зі по про від для за при о об
        і й та або а але проте якщо то ж же б би
        це цей ця ці цього цієї цих той те ті
        є бути був була було були буде будуть буду будемо
        може можу можемо можете можуть мушу мусимо мусите повинен повинна повинні
        робити зробити щоб аби
        там тут також теж дуже вже ще все всі усе усі весь вся
        будь ласка привіт просто ну ось от
    """,
    # Modern Standard Arabic and the dialect question words refugees type
    # (Levantine شو، وين، ليش; Egyptian ازاي، فين، امتى; Iraqi شلون).
    # "ما" is "what" here; as the dialects' negation it says little a search
    # could use. "لازم" is the common "must"; "أم" (or) is out: also "mother".
    "ar": """
        كيف كيفية ماذا ما ماهو ماهي متى أين لماذا هل أي أية كم من مين
        شو ايش إيش وين ليش ليه شلون ازاي إزاي فين إيه امتى إمتى منين
        أنا نحن احنا إحنا أنت أنتم أنتما هو هي هم هما
        هذا هذه هذي ذلك تلك هؤلاء الذي التي الذين اللي
        لي لنا لك لكم له لها لهم عندي عندنا عندك عندكم عنده عندها عندهم
        لدي لدينا لديك لديكم نفسي
        كان كانت كنت يكون تكون أكون يمكن يمكنني يمكننا يمكنك أستطيع نستطيع تستطيع يستطيع
        ممكن يجب علي علينا لازم قد لقد سوف أفعل نفعل
        في فى إلى على عن مع عند لدى حول
        و أو ثم لكن ولكن بل إذا إن أن لو لأن كي لكي
        هناك هنا يوجد توجد فيه كل بعض أيضا أيضاً جدا جداً يا
        فضلك سمحت مرحبا السلام عليكم شكرا
    """,
    "fa": """
        آیا چطور چطوری چگونه چجوری چه‌جوری چه چی چیه چیست کجا کجاست کی کیه چرا
        کدام کدوم چند چقدر چه‌طور چکار چیکار چه‌کار
        من ما تو شما او وی آنها آن‌ها ایشان اون اونها اونا این آن اینها این‌ها همین همان
        خودم خودمان خودت خودتان خودش مرا منو
        است هست هستم هستی هستیم هستید هستند بود بودم بودند باشد باشم باشه
        شد شده شود می‌شود میشود می‌شه میشه بشه بشود شه
        می‌توانم میتوانم توانم می‌تونم میتونم تونم می‌توان میتوان می‌توانیم میتوانیم
        می‌توانید میتوانید بتوانم باید
        دارم داره دارد داریم دارید دارند
        کنم کنیم کنید کند کنه بکنم کردن
        می ها های ای
        از در به با برای برا بر روی درباره دربارهٔ توی
        و یا که اگر اگه ولی اما چون هم نیز
        را رو همه هر خیلی لطفا لطفاً سلام ممنون
    """,
    "ps": """
        څنګه چېرته چیرته چېرې چیرې کله ولې څه څوک کوم کومه کومې څو څومره آیا
        زه ما زما موږ مونږ زموږ زمونږ ته تا ستا تاسو تاسې ستاسو ستاسې
        هغه هغې هغوی هغو دی دا دې دغه دغو خپل خپله خپلې خپلو مې یې
        د په له کې کښې سره څخه پر لپاره دپاره باندې
        او یا چې که خو هم نو بیا ځکه
        ده دي وم وو وه وې شي شئ شو وي کېږي کېدای کولای کولی شم لرم لري لرو لرئ
        وکړم وکړو وکړئ کړم باید شته
        مهرباني سلام مننه
    """,
    "ur": """
        کیسے کیسا کیسی کیا کہاں کب کون کونسا کونسی کونسے کیوں کتنا کتنی کتنے کس کسے
        میں میرا میری میرے مجھے مجھ ہم ہمارا ہماری ہمارے ہمیں
        آپ آپکا آپکی آپکے تم تمہارا تمہاری تمہارے تمہیں تو وہ یہ اس ان اسے انہیں
        اسکا اسکی اسکے انکا انکی انکے اپنا اپنی اپنے جو
        کا کی کے سے کو پر لیے لئے کیلئے کیلیے ساتھ بارے
        اور یا لیکن مگر اگر کہ بھی ہی پھر کیونکہ
        ہے ہیں ہوں ہو تھا تھی تھے ہوگا ہوگی گا گی گے ہونا ہوتا ہوتی ہوتے
        سکتا سکتی سکتے سکوں سکیں چاہیے چاہئے کر کرنا کروں کریں کرے کرتا کرتے کرتی
        براہ مہربانی جی سلام شکریہ
    """,
}

# How one letter is typed on another keyboard (an Arabic keyboard for Persian
# and Urdu, a Persian one for Pashto and Urdu): each is tried in every word,
# all its occurrences at once, until no new spelling comes.
_OTHER_KEYBOARD = {
    "ي": "ی",
    "ی": "ي",
    "ى": "يی",
    "ك": "ک",
    "ک": "ك",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ة": "ه",
    "ې": "ی",
    "ۍ": "ی",
    "ګ": "گ",
    "ہ": "ه",
    "ھ": "ه",
    "ے": "ی",
    "\u200c": ("",),
}
_ARABIC_SCRIPT = {"ar", "fa", "ps", "ur"}
APOSTROPHES = ("'", "’")


def _spellings(word):
    found = {word}
    pending = [word]
    while pending:
        spelling = pending.pop()
        for letter in set(spelling) & _OTHER_KEYBOARD.keys():
            for other in _OTHER_KEYBOARD[letter]:
                variant = spelling.replace(letter, other)
                if variant not in found:
                    found.add(variant)
                    pending.append(variant)
    return found


def _stop_words(language, typed):
    words = set()
    for word in typed.split():
        forms = _spellings(word) if language in _ARABIC_SCRIPT else {word}
        forms |= {form.replace(*APOSTROPHES) for form in forms}
        words |= forms | {fold(form) for form in forms}
    return frozenset(words)


STOP_WORDS = {language: _stop_words(language, typed) for language, typed in _TYPED.items()}
