/**
 * TOOL-06 patterns in languages other than English, by category: directives to the model, orders for using the tool,
 * secrecy towards the user, requests for credentials and other sensitive resources, and exfiltration of the
 * conversation. A model follows an instruction in Chinese or Arabic as readily as one in English (multilingual prompt
 * injection: OWASP LLM01:2025, "multilingual/obfuscated attacks"; Yong et al., "Low-Resource Languages Jailbreak
 * GPT-4", arXiv:2310.02446), so the pattern rules read the languages most tool descriptions are written in: zh
 * (simplified and traditional), ja, ko, es, fr, de, pt, ru, ar, hi, it, nl, pl, tr, id, vi, uk, el.
 *
 * Each expression names an act aimed at the model or a secret it is asked to move, never a topic alone: a tool that
 * changes a password or lists API keys in Spanish stays clean. Where a language writes a tool's own description and
 * an order to the model alike (Vietnamese, Indonesian), the order needs its imperative particle (`hãy`) or an
 * imperative form, so "reads the .env file" stays clean. `\b` only knows ASCII, so Latin-script expressions
 * bound words with `(?<!\p{L})`; scripts without spaces (zh, ja) need no boundary. Gaps are bounded, so every
 * expression runs in linear time.
 */

/**
 * The TOOL-06 categories with patterns in other languages. `directive` takes the model over ("ignore the previous
 * instructions", "new instructions", "you must read / send / run"); `usage` orders the model's use of the tool ("you
 * must call / use / pass / include", "before using this tool"), which real servers do for their own workflow ("debes
 * pasar confirm=true"), so it is `TOOL-06-usage-directive`'s (reported, not blocking), as in English. The ordered reads,
 * sends and runs stay directives here: the other languages have no counterpart of the English patterns that name what
 * is read or sent. Secrets ordered into a call are `sensitive-read`'s in every language.
 */
export type MultilingualCategory = "directive" | "usage" | "secrecy" | "sensitive-read" | "exfiltration";

/** The languages covered, as ISO 639-1 codes. */
export const LANGUAGES = ["zh", "ja", "ko", "es", "fr", "de", "pt", "ru", "ar", "hi", "it", "nl", "pl", "tr", "id", "vi", "uk", "el"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Latin-script word start and end, for accented languages where `\b` fails. */
const W = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}\p{N}])`;

/**
 * "You must" as an order to the model, up to the verb, in each language that writes it before the verb (Japanese has
 * no such pattern; Turkish puts it in the verb's suffix): the directive patterns follow it with the verbs that read,
 * send or run, the usage patterns with those that call, use, pass or include.
 */
const MUST: { readonly [language in Exclude<Language, "ja" | "tr">]: string } = {
  zh: String.raw`你(?:必须|必須|需要|应该|應該)(?:先|首先|总是|總是|始终|始終|一直)?`,
  ko: String.raw`반드시[^.\n]{0,30}`,
  es: String.raw`${W}(?:debes|tienes que|deberás|debe usted)\s(?:siempre\s|primero\s)?`,
  fr: String.raw`${W}(?:tu dois|vous devez)\s(?:toujours\s|d'abord\s)?`,
  de: String.raw`${W}(?:du musst|sie müssen|ihr müsst)\s[^.\n]{0,60}`,
  pt: String.raw`${W}(?:você deve|voce deve|deves|tem que|você precisa|voce precisa)\s(?:sempre\s|primeiro\s)?`,
  ru: String.raw`${W}(?:ты должен|ты должна|вы должны|тебе нужно|вам нужно)\s(?:всегда\s|сначала\s)?[^.\n]{0,20}`,
  ar: String.raw`يجب (?:عليك )?(?:دائما |دائمًا |أولا |أولاً )?`,
  hi: String.raw`(?:तुम्हें|आपको) (?:हमेशा |पहले )?[^।\n]{0,30}`,
  it: String.raw`${W}(?:devi|dovete|deve)\s(?:sempre\s|prima\s)?`,
  nl: String.raw`${W}(?:je moet|u moet|jij moet)\s(?:altijd\s|eerst\s)?`,
  pl: String.raw`${W}musisz\s(?:zawsze\s|najpierw\s)?`,
  id: String.raw`${W}(?:kamu|anda) (?:harus|wajib)\s(?:selalu\s|terlebih dahulu\s)?`,
  vi: String.raw`${W}bạn phải\s(?:luôn\s|luôn luôn\s|trước tiên\s)?`,
  uk: String.raw`${W}(?:ти повинен|ти повинна|ви повинні|ти маєш|ви маєте)\s(?:завжди\s|спочатку\s)?`,
  el: String.raw`${W}(?:πρέπει να|οφείλεις να)\s(?:πάντα\s|πρώτα\s)?`,
};

const SOURCES: { readonly [language in Language]: { readonly [category in MultilingualCategory]: string } } = {
  zh: {
    directive: String.raw`(?:忽略|无视|無視|忘记|忘記|忽视|忽視)(?:掉)?(?:之前|以前|先前|上面|上述|前面|所有|全部|一切)(?:的)?(?:所有|全部)?(?:的)?(?:指令|指示|说明|說明|规则|規則|提示|命令)|${MUST.zh}(?:读取|讀取|发送|發送|执行|執行)|新的指令`,
    usage: String.raw`(?:在)?(?:使用|调用|呼叫|調用)(?:此|这个|這個|本|该|該)工具(?:之前|以前|前)|${MUST.zh}(?:调用|調用|呼叫|使用|传入|傳入|包含)`,
    secrecy: String.raw`(?:不要|别|別|切勿|不得|请勿|請勿|不可|绝不要|絕不要|千万不要|千萬不要)(?:向|对|對)?(?:用户|用戶|使用者)?(?:告诉|告訴|通知|提醒|透露|告知|提及|显示|顯示|让|讓)(?:给|給)?(?:用户|用戶|使用者)|(?:对|對|向)(?:用户|用戶|使用者)(?:保密|隐瞒|隱瞞)|不(?:要)?(?:让|讓)(?:用户|用戶|使用者)(?:知道|发现|發現|看到)|(?:悄悄|偷偷|秘密)(?:地)?(?:发送|發送|读取|讀取|调用|調用|上传|上傳|转发|轉發|执行|執行)`,
    "sensitive-read": String.raw`(?:读取|讀取|获取|獲取|收集|发送|發送|上传|上傳|复制|複製|包含|传入|傳入|提取|导出|匯出)[^。！？\n不无無非没沒]{0,20}(?:私钥|私鑰|密钥|密鑰|密码|密碼|口令|凭证|憑證|凭据|憑據|访问令牌|存取權杖|令牌|权杖|權杖|\.env|id_rsa|\.ssh|\.aws)|(?:读取|讀取|获取|獲取|收集|发送|發送|上传|上傳|导出|匯出|提取)(?:所有|全部|当前|當前|用户|用戶)?的?(?:环境变量|環境變數)`,
    exfiltration: String.raw`(?:全部|完整|所有|整个|整個)(?:的)?(?:对话|對話|聊天|会话|會話)(?:的)?(?:历史|歷史|记录|記錄|紀錄)|(?:内容|历史|记录|密钥|密码|凭证|令牌)[^。！？\n]{0,20}(?:作为|放进|放入|传入|填入|加入|附加到|写入)[^。！？\n]{0,12}(?:参数|字段)`,
  },
  ja: {
    directive: String.raw`(?:以前|これまで|前|上記|すべて|全て)の(?:指示|命令|指令|ルール|プロンプト)を(?:無視|忘れ)|新しい指示`,
    usage: String.raw`このツールを(?:呼び出す|使用する|使う|実行する)(?:前|まえ)に`,
    secrecy: String.raw`ユーザー(?:に|には|へ)[^。\n]{0,12}(?:伝えない|言わない|知らせない|教えない|明かさない|見せない|秘密|内緒)|ユーザー(?:に)?(?:気づかれ|知られ)ない|(?:こっそり|密かに|ひそかに)`,
    "sensitive-read": String.raw`(?:APIキー|秘密鍵|プライベートキー|パスワード|認証情報|資格情報|アクセストークン|環境変数|\.env|id_rsa|\.ssh)[^。\n]{0,12}(?:読み取|読み込|取得|収集|送信|含め|渡|コピー)`,
    exfiltration: String.raw`(?:会話|チャット|対話)(?:の)?(?:履歴|ログ)(?:全体|すべて|全て)|(?:すべて|全て)の(?:会話|チャット|対話)(?:履歴|ログ)`,
  },
  ko: {
    directive: String.raw`(?:이전|앞선|모든|위의|기존)[^.\n]{0,10}(?:지시|명령|지침|규칙|프롬프트)[^.\n]{0,10}(?:무시|잊)|${MUST.ko}(?:읽|보내|전달)(?:하|해)`,
    usage: String.raw`이 도구를 (?:사용|호출|실행)하기 전에|${MUST.ko}(?:호출|사용|포함)(?:하|해)`,
    secrecy: String.raw`사용자(?:에게|한테)[^.\n]{0,12}(?:알리지|말하지|알려주지|보여주지|밝히지)\s?(?:마|않)|사용자(?:가|는)[^.\n]{0,8}(?:모르게|알지 못하게)|(?:몰래|비밀로)`,
    "sensitive-read": String.raw`(?:비밀번호|암호|API\s?키|개인\s?키|비밀\s?키|자격\s?증명|액세스\s?토큰|환경\s?변수|\.env|id_rsa|\.ssh)[^.\n]{0,20}(?:읽|가져|수집|보내|전송|포함|넣|전달|복사)`,
    exfiltration: String.raw`(?:전체|모든)\s?(?:대화|채팅)\s?(?:기록|내역|이력)`,
  },
  es: {
    directive: String.raw`${W}(?:ignora|ignore|ignorar|ignorad|olvida|olvide)\s(?:todas\s|todos\s)?(?:las\s|los\s|tus\s)?(?:instrucciones|indicaciones|reglas|órdenes)\s(?:anteriores|previas)|${MUST.es}(?:leer|enviar|ejecutar)|${W}nuevas instrucciones`,
    usage: String.raw`${MUST.es}(?:llamar|usar|utilizar|invocar|pasar|incluir)|${W}antes de (?:usar|llamar|utilizar|invocar) (?:esta|la) herramienta`,
    secrecy: String.raw`${W}no\s(?:se\s)?(?:lo\s|le\s|les\s)?(?:digas|diga|informes|informe|menciones|mencione|cuentes|cuente|reveles|revele|avises|avise|muestres|muestre)[^.\n]{0,30}(?:usuario|usuaria|cliente)|${W}sin (?:decir|avisar|informar|notificar)(?:le|lo)?\s(?:nada\s)?al usuario|${W}(?:en secreto|a escondidas|sin que el usuario lo sepa)`,
    "sensitive-read": String.raw`${W}(?:lee|leer|lea|obtén|obtener|obtenga|recoge|recopila|envía|enviar|envíe|incluye|incluir|incluya|añade|añadir|pasa|pasar|copia|copiar)${E}[^.\n]{0,40}(?:contraseñas?|claves? (?:privadas?|api|secretas?|ssh|de api)|credenciales|tokens? de acceso|variables de entorno|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:historial|registro) (?:completo )?de (?:la |las )?(?:conversación|conversaciones|chat)|${W}toda la conversación`,
  },
  fr: {
    directive: String.raw`${W}(?:ignore|ignorez|ignorer|oublie|oubliez)\s(?:toutes\s|tous\s)?(?:les\s|tes\s|vos\s)?(?:instructions|consignes|règles|directives)\s(?:précédentes|antérieures)|${MUST.fr}(?:lire|envoyer|transmettre|exécuter)|${W}nouvelles instructions`,
    usage: String.raw`${MUST.fr}(?:appeler|utiliser|passer|inclure)|${W}avant d'(?:utiliser|appeler) cet outil`,
    secrecy: String.raw`${W}ne\s(?:le\s|la\s|les\s|lui\s|leur\s)?(?:dis|dites|révèle|révélez|mentionne|mentionnez|signale|signalez|informe|informez|montre|montrez)[^.\n]{0,30}(?:pas|jamais|rien)[^.\n]{0,30}(?:utilisateur|utilisatrice)|${W}sans (?:le |en )?(?:dire|prévenir|informer|avertir)[^.\n]{0,10}(?:à )?l'utilisat|${W}(?:en secret|à l'insu de l'utilisat)`,
    "sensitive-read": String.raw`${W}(?:lis|lire|lisez|récupère|récupérez|récupérer|collecte|collectez|envoie|envoyez|envoyer|inclus|incluez|inclure|transmets|transmettez|transmettre|copie|copiez|ajoute|ajoutez)${E}[^.\n]{0,40}(?:mots? de passe|clés? (?:privées?|api|secrètes?|ssh|d'api)|identifiants|jetons? d'accès|variables d'environnement|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:historique|fil) (?:complet |entier )?de (?:la )?(?:conversation|discussion)|${W}toute la conversation`,
  },
  de: {
    directive: String.raw`${W}(?:ignoriere|ignorieren sie|ignoriert|vergiss|vergessen sie)\s(?:alle\s)?(?:vorherigen|bisherigen|früheren|obigen|vorigen)\s(?:Anweisungen|Instruktionen|Regeln|Befehle|Vorgaben)|${MUST.de}(?:lesen|auslesen|senden|schicken|mitsenden)|${W}neue Anweisungen`,
    usage: String.raw`${MUST.de}(?:aufrufen|verwenden|benutzen|übergeben|einfügen)|${W}bevor (?:du|sie) (?:dieses|das) (?:Tool|Werkzeug) (?:verwendest|verwenden|benutzt|benutzen|aufrufst|aufrufen)`,
    secrecy: String.raw`${W}(?:sag|sage|sagen sie|erzähl|erzähle|verrat|verrate|verraten sie|erwähne|erwähnen sie|informiere|informieren sie|zeig|zeige)[^.\n]{0,40}(?:(?:nicht|nichts|niemals|nie)[^.\n]{0,40}(?:Benutzer|Nutzer|Anwender)|(?:Benutzer|Nutzer|Anwender)(?:in)?[^.\n]{0,20}(?:nicht|nichts|niemals|nie)(?![\p{L}]))|${W}(?:nicht|nichts|niemals|nie)[^.\n]{0,30}(?:dem|den|der) (?:Benutzer|Nutzer|Anwender)(?:in)?[^.\n]{0,20}(?:sagen|verraten|erwähnen|mitteilen|zeigen)|${W}(?:Benutzer|Nutzer|Anwender)[^.\n]{0,30}(?:nichts davon|nicht davon)[^.\n]{0,10}(?:erfahren|wissen|merken)|${W}ohne (?:den|dem|die) (?:Benutzer|Nutzer|Anwender)(?:in)?[^.\n]{0,20}(?:zu )?(?:informieren|fragen|benachrichtigen)|${W}heimlich`,
    "sensitive-read": String.raw`${W}(?:lies|lese|lesen|hole|holen|sammle|sammeln|sende|senden|schicke|füge|übergib|übergeben|kopiere|lade)${E}[^.\n]{0,60}(?:Passw(?:o|ö)rt(?:er)?|Kennw(?:o|ö)rt(?:er)?|privaten? Schlüssel|API-Schlüssel|Zugangsdaten|Anmeldedaten|Umgebungsvariablen|\.env|id_rsa|id_ed25519|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:gesamten?|vollständigen?|komplett(?:en)?) (?:Gesprächs|Chat|Konversations|Unterhaltungs)verlauf`,
  },
  pt: {
    directive: String.raw`${W}(?:ignore|ignora|ignorar|esqueça|esqueca)\s(?:todas\s|todos\s)?(?:as\s|os\s|suas\s)?(?:instruções|instrucoes|regras|orientações)\s(?:anteriores|prévias|previas)|${MUST.pt}(?:ler|enviar|executar)|${W}novas instruções`,
    usage: String.raw`${MUST.pt}(?:chamar|usar|utilizar|passar|incluir)|${W}antes de usar esta ferramenta`,
    secrecy: String.raw`${W}(?:não|nao|nunca)\s(?:conte|diga|informe|mencione|revele|avise|mostre|contar|dizer|informar|mencionar|revelar|avisar)[^.\n]{0,30}(?:usuário|usuario|utilizador|cliente)|${W}sem (?:avisar|informar|contar|dizer)[^.\n]{0,10}(?:ao |o )?(?:usuário|usuario|utilizador)|${W}(?:em segredo|às escondidas|sem que o usuário saiba)`,
    "sensitive-read": String.raw`${W}(?:leia|ler|obtenha|obter|colete|coletar|envie|enviar|inclua|incluir|passe|passar|copie|copiar|adicione)${E}[^.\n]{0,40}(?:senhas?|chaves? (?:privadas?|api|secretas?|ssh|de api)|credenciais|tokens? de acesso|variáveis de ambiente|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}histórico (?:completo )?(?:da|de) (?:conversa|conversação|chat)|${W}toda a conversa`,
  },
  ru: {
    directive: String.raw`${W}(?:игнорируй|игнорируйте|игнорировать|проигнорируй|забудь|забудьте)\s(?:все\s)?(?:предыдущие|прежние|предшествующие|прошлые|вышеуказанные)\s(?:инструкции|указания|правила|команды)|${MUST.ru}(?:прочит|отправ|переда)|${W}новые инструкции`,
    usage: String.raw`${MUST.ru}(?:вызв|использ|включ)|${W}перед (?:использованием|вызовом) (?:этого )?инструмента`,
    secrecy: String.raw`${W}не\s(?:сообщай|сообщайте|говори|говорите|рассказывай|рассказывайте|показывай|показывайте|упоминай|упоминайте|раскрывай|раскрывайте)[^.\n]{0,30}пользовател|${W}(?:втайне|тайком|незаметно для пользователя)|${W}без (?:ведома|уведомления|согласия) пользовател`,
    "sensitive-read": String.raw`${W}(?:прочитай|прочитайте|прочти|считай|собери|соберите|отправь|отправьте|передай|передайте|включи|включите|скопируй|скопируйте)${E}[^.\n]{0,50}(?:парол|закрыт(?:ый|ые) ключ|приватн(?:ый|ые) ключ|API-ключ|учётн|учетн|токен|переменн(?:ые|ых) окружения|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:всю|полную|целиком) (?:историю|переписку)(?: (?:диалога|чата|переписки|разговора))?`,
  },
  ar: {
    directive: String.raw`تجاهل\s(?:جميع\s|كل\s)?(?:التعليمات|الأوامر|التوجيهات|القواعد)|${MUST.ar}(?:قراءة|إرسال)|تعليمات جديدة`,
    usage: String.raw`${MUST.ar}(?:استدعاء|استخدام|تمرير|تضمين)|قبل استخدام هذه الأداة`,
    secrecy: String.raw`لا\s(?:تخبر|تُخبر|تبلغ|تُبلغ|تُعلم|تعلم|تذكر|تكشف|تظهر)[^.\n]{0,30}المستخدم|(?:دون|بدون) (?:علم|إخبار|إبلاغ|إعلام) المستخدم|(?:سرًا|سرا|خفية|خلسة)`,
    "sensitive-read": String.raw`(?:اقرأ|أرسل|ارسل|اجمع|ضمّن|ضمن|مرر|مرّر|انسخ|أضف|اضف)[^.\n]{0,40}(?:كلمات? (?:ال)?مرور|كلمة السر|المفتاح الخاص|المفاتيح الخاصة|مفتاح API|بيانات الاعتماد|رموز? الوصول|متغيرات البيئة|\.env|id_rsa)`,
    exfiltration: String.raw`(?:سجل|تاريخ) المحادثة (?:الكامل|بالكامل|كاملا|كاملًا)|المحادثة بأكملها`,
  },
  hi: {
    directive: String.raw`(?:पिछले|पूर्व|सभी|पहले के|उपरोक्त)[^।\n]{0,20}(?:निर्देशों|निर्देश|आदेशों|नियमों)\s?(?:को)?\s?(?:अनदेखा|नजरअंदाज|नज़रअंदाज़|भूल)|${MUST.hi}(?:पढ़|भेज) (?:करना |करनी )?(?:होगा|होगी|चाहिए)`,
    usage: String.raw`${MUST.hi}(?:कॉल|उपयोग|इस्तेमाल|शामिल) (?:करना |करनी )?(?:होगा|होगी|चाहिए)|इस (?:टूल|उपकरण) का (?:उपयोग|इस्तेमाल) करने से पहले`,
    secrecy: String.raw`उपयोगकर्ता (?:को|से)[^।\n]{0,20}(?:मत|न|नहीं)\s?(?:बताना|बताएं|बताएँ|बताओ|बताइए|बताएगा|पता चलने)|(?:चुपके से|गुप्त रूप से|छिपाकर)`,
    "sensitive-read": String.raw`(?:API कुंजी|निजी कुंजी|पासवर्ड|क्रेडेंशियल|एक्सेस टोकन|टोकन|एनवायरनमेंट वेरिएबल|पर्यावरण चर|\.env|id_rsa)[^।\n]{0,40}(?:पढ़|भेज|शामिल|डाल|कॉपी|एकत्र)`,
    exfiltration: String.raw`(?:पूरी|संपूर्ण|सारी) (?:बातचीत|चैट)(?: का)? (?:इतिहास|रिकॉर्ड)`,
  },
  it: {
    directive: String.raw`${W}(?:ignora|ignorate|ignorare|dimentica|dimenticate)\s(?:tutte\s)?(?:le\s)?(?:istruzioni|regole|indicazioni|direttive)\s(?:precedenti|anteriori)|${MUST.it}(?:leggere|inviare|eseguire)|${W}nuove istruzioni`,
    usage: String.raw`${MUST.it}(?:chiamare|usare|utilizzare|passare|includere)|${W}prima di (?:usare|utilizzare|chiamare) questo strumento`,
    secrecy: String.raw`${W}non\s(?:dirlo|dire|dirgli|dirle|informare|menzionare|rivelare|avvisare|mostrare)[^.\n]{0,30}(?:utente|cliente)|${W}senza (?:dire|informare|avvisare)[^.\n]{0,10}(?:all'|l')utente|${W}(?:di nascosto|in segreto|all'insaputa dell'utente)`,
    "sensitive-read": String.raw`${W}(?:leggi|leggere|ottieni|ottenere|raccogli|raccogliere|invia|inviare|includi|includere|passa|passare|copia|copiare|aggiungi)${E}[^.\n]{0,40}(?:password|chiavi? (?:privat[ae]|api|segret[ae]|ssh)|credenziali|token di accesso|variabili d'ambiente|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}cronologia (?:completa |intera )?(?:della|delle) (?:conversazion[ei]|chat)|${W}tutta la conversazione`,
  },
  nl: {
    directive: String.raw`${W}(?:negeer|vergeet)\s(?:alle\s)?(?:eerdere|vorige|voorgaande|bovenstaande)\s(?:instructies|opdrachten|regels|aanwijzingen)|${MUST.nl}(?:lezen|uitlezen|versturen|sturen|meesturen|uitvoeren)(?![\p{L}])|${W}nieuwe instructies`,
    usage: String.raw`${MUST.nl}(?:aanroepen|gebruiken|doorgeven)(?![\p{L}])|${W}voordat (?:je|u) (?:deze|dit) (?:tool|hulpmiddel) (?:gebruikt|aanroept)`,
    secrecy: String.raw`${W}(?:vertel|zeg|meld)\s[^.\n]{0,20}(?:niet|nooit|niets)[^.\n]{0,20}gebruiker|${W}(?:vertel|zeg|meld|laat)\s(?:het\s)?(?:aan\s)?(?:de\s)?gebruiker\s(?:niet|niets|nooit)|${W}zonder (?:dat )?de gebruiker (?:het )?(?:te )?(?:weet|merkt|informeren|waarschuwen)|${W}(?:in het geheim|stiekem|ongemerkt)`,
    "sensitive-read": String.raw`${W}(?:lees|haal|verzamel|stuur|verstuur|kopieer)${E}[^.\n]{0,40}(?:wachtwoord(?:en)?|privésleutel|private sleutel|geheime sleutel|API-sleutel|inloggegevens|toegangstoken|omgevingsvariabelen|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:volledige|hele|gehele|complete) (?:gespreks|chat)geschiedenis|${W}het (?:hele|volledige) gesprek`,
  },
  pl: {
    directive: String.raw`${W}(?:zignoruj|ignoruj|zapomnij)\s(?:o\s)?(?:wszystkie\s|wszystkich\s)?(?:poprzednie|wcześniejsze|powyższe|poprzednich|wcześniejszych)\s(?:instrukcje|polecenia|zasady|instrukcjach|poleceniach)|${MUST.pl}(?:odczytać|przeczytać|wysłać|wykonać)|${W}nowe instrukcje`,
    usage: String.raw`${MUST.pl}(?:wywołać|wywoływać|użyć|używać|przekazać|dołączyć)|${W}przed (?:użyciem|wywołaniem) tego narzędzia`,
    secrecy: String.raw`${W}nie\s(?:mów|mówić|informuj|informować|wspominaj|wspominać|ujawniaj|ujawniać|zdradzaj|zdradzać)[^.\n]{0,30}użytkownik|${W}bez (?:wiedzy|informowania|powiadamiania) użytkownik|${W}(?:potajemnie|w tajemnicy przed użytkownik)`,
    "sensitive-read": String.raw`${W}(?:odczytaj|przeczytaj|zbierz|wyślij|dołącz|przekaż|skopiuj)${E}[^.\n]{0,40}(?:hasł[oa]|hasła|klucz(?:e|y)? (?:prywatn|API|SSH|tajn)|dane uwierzytelniające|token(?:y)? dostępu|zmienne środowiskowe|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:całą|pełną) (?:historię|treść) (?:rozmowy|czatu|konwersacji)|${W}całą rozmowę`,
  },
  tr: {
    directive: String.raw`${W}(?:önceki|yukarıdaki|tüm|bütün)\s(?:tüm\s)?(?:talimatları|komutları|kuralları)\s(?:yok say|görmezden gel|unut)|${W}(?:okumalısın|göndermelisin)(?![\p{L}])|${W}yeni talimatlar`,
    usage: String.raw`${W}bu aracı (?:kullanmadan|çağırmadan) önce|${W}(?:çağırmalısın|kullanmalısın|eklemelisin)(?![\p{L}])`,
    secrecy: String.raw`${W}kullanıcıya[^.\n]{0,30}(?:söyleme|bahsetme|haber verme|gösterme)(?:yin|den|dan)?(?![\p{L}])|${W}kullanıcının haberi olmadan|${W}gizlice`,
    "sensitive-read": String.raw`(?:şifre|parola|özel anahtar|gizli anahtar|API anahtar|kimlik bilgi|erişim token|ortam değişken|\.env|id_rsa|~\/\.(?:ssh|aws))[^.\n]{0,40}(?<![\p{L}])(?:oku|okuyun|topla|toplayın|gönder|gönderin|ekle|ekleyin|kopyala|kopyalayın)(?![\p{L}])`,
    exfiltration: String.raw`${W}(?:tüm|bütün) (?:konuşma|sohbet) (?:geçmişi|geçmişini|kaydını|kayıtlarını)`,
  },
  id: {
    directive: String.raw`${W}(?:abaikan|lupakan)\s(?:semua\s)?(?:instruksi|perintah|aturan|petunjuk)\s(?:sebelumnya|di atas|terdahulu)|${MUST.id}(?:membaca|mengirim|meneruskan|menjalankan)(?![\p{L}])|${W}instruksi baru`,
    usage: String.raw`${MUST.id}(?:memanggil|menggunakan|menyertakan)(?![\p{L}])|${W}sebelum (?:menggunakan|memanggil) (?:alat|tool) ini`,
    secrecy: String.raw`${W}jangan\s(?:beri tahu|beritahu|memberi tahu|memberitahu|katakan|bilang|sebutkan|ungkapkan)[^.\n]{0,30}pengguna|${W}tanpa (?:sepengetahuan|memberi tahu|memberitahu) pengguna|${W}(?:secara )?diam-diam`,
    "sensitive-read": String.raw`${W}(?:baca|kumpulkan|kirim|kirimkan|sertakan|salin)${E}[^.\n]{0,40}(?:kata sandi|kunci (?:pribadi|privat|API|rahasia|SSH)|kredensial|token akses|variabel lingkungan|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:seluruh|semua) riwayat (?:percakapan|obrolan|chat)|${W}riwayat (?:percakapan|obrolan) (?:lengkap|secara lengkap)|${W}seluruh percakapan`,
  },
  vi: {
    directive: String.raw`${W}(?:hãy\s)?(?:bỏ qua|phớt lờ|quên)\s(?:đi\s)?(?:tất cả\s|mọi\s)?(?:các\s|những\s)?(?:hướng dẫn|chỉ dẫn|chỉ thị|lệnh|quy tắc)\s(?:trước đó|trước đây|ở trên)|${MUST.vi}(?:đọc|gửi|chuyển)(?![\p{L}])|${W}hướng dẫn mới`,
    usage: String.raw`${MUST.vi}(?:gọi|đính kèm)(?![\p{L}])|${W}trước khi (?:sử dụng|dùng|gọi) công cụ này`,
    secrecy: String.raw`${W}(?:không|đừng|không được)\s(?:nói|báo|thông báo|tiết lộ)(?:\s(?:cho|với))?\s(?:người dùng|người sử dụng)|${W}không (?:để|cho) (?:người dùng|người sử dụng) (?:biết|thấy)|${W}(?:một cách bí mật|lén lút)`,
    "sensitive-read": String.raw`${W}hãy\s(?:đọc|lấy|thu thập|gửi|đính kèm|sao chép)[^.\n]{0,40}(?:mật khẩu|khóa riêng|khóa bí mật|khóa API|thông tin đăng nhập|mã truy cập|biến môi trường|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}toàn bộ (?:lịch sử )?(?:cuộc trò chuyện|hội thoại)|${W}lịch sử (?:trò chuyện|hội thoại) đầy đủ`,
  },
  uk: {
    directive: String.raw`${W}(?:ігноруй|ігноруйте|проігноруй|забудь|забудьте)\s(?:усі\s|всі\s)?(?:попередні|минулі|вищезазначені)\s(?:інструкції|вказівки|правила|команди)|${MUST.uk}(?:прочит|надісл|надсил|переда)|${W}нові інструкції`,
    usage: String.raw`${MUST.uk}(?:викли|використ|дода)|${W}перед (?:використанням|викликом) (?:цього )?інструменту`,
    secrecy: String.raw`${W}не\s(?:кажи|кажіть|повідомляй|повідомляйте|розповідай|розповідайте|згадуй|згадуйте|розкривай|розкривайте)[^.\n]{0,30}користувач|${W}(?:таємно|потай|непомітно для користувача)|${W}без (?:відома|повідомлення|згоди) користувач`,
    "sensitive-read": String.raw`${W}(?:прочитай|прочитайте|зчитай|збери|зберіть|надішли|надішліть|передай|передайте|додай|додайте|скопіюй|скопіюйте)${E}[^.\n]{0,50}(?:парол|приватн(?:ий|і) ключ|закрит(?:ий|і) ключ|API-ключ|облікові дані|токен|змінн(?:і|их) середовища|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:всю|повну) (?:історію|переписку)(?: (?:розмови|чату|діалогу|листування))?`,
  },
  el: {
    directive: String.raw`${W}(?:αγνόησε|αγνοήστε|ξέχασε|ξεχάστε)\s(?:όλες\s)?(?:τις\s)?(?:προηγούμενες|παραπάνω)\s(?:οδηγίες|εντολές|κανόνες)|${MUST.el}(?:διαβάσεις|διαβάζεις|στείλεις|στέλνεις)(?![\p{L}])|${W}νέες οδηγίες`,
    usage: String.raw`${MUST.el}(?:καλείς|καλέσεις|συμπεριλάβεις)(?![\p{L}])|${W}πριν (?:χρησιμοποιήσεις|καλέσεις) (?:αυτό το|το) εργαλείο`,
    secrecy: String.raw`${W}(?:μην|μη)\s(?:πεις|λες|ενημερώσεις|ενημερώνεις|αναφέρεις|αποκαλύψεις)[^.\n]{0,30}χρήστ|${W}χωρίς να (?:το )?(?:ξέρει|μάθει|καταλάβει) ο χρήστης`,
    "sensitive-read": String.raw`${W}(?:διάβασε|διαβάστε|συγκέντρωσε|στείλε|στείλτε|συμπεριέλαβε|αντίγραψε)${E}[^.\n]{0,40}(?:κωδικ(?:ό|ούς) πρόσβασης|συνθηματικ|ιδιωτικ(?:ό|ά) κλειδ|κλειδ(?:ί|ιά) API|διαπιστευτήρια|μεταβλητές περιβάλλοντος|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:ολόκληρο|πλήρες|όλο) το ιστορικό (?:της )?(?:συνομιλίας|συζήτησης)|${W}ολόκληρη τη συνομιλία`,
  },
};

/** One expression for one category in every covered language (one pass over the text, not eleven). */
export function multilingualPattern(category: MultilingualCategory): RegExp {
  return new RegExp(LANGUAGES.map((language) => `(?:${SOURCES[language][category]})`).join("|"), "iu");
}
