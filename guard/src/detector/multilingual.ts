/**
 * TOOL-06 patterns in languages other than English, by category: directives to the model, secrecy towards the user,
 * requests for credentials and other sensitive resources, and exfiltration of the conversation. A model follows an
 * instruction in Chinese or Arabic as readily as one in English (multilingual prompt injection: OWASP LLM01:2025,
 * "multilingual/obfuscated attacks"; Yong et al., "Low-Resource Languages Jailbreak GPT-4", arXiv:2310.02446), so
 * the pattern rules read the languages most tool descriptions are written in: zh, ja, ko, es, fr, de, pt, ru, ar, hi, it.
 *
 * Each expression names an act aimed at the model or a secret it is asked to move, never a topic alone: a tool that
 * changes a password or lists API keys in Spanish stays clean. `\b` only knows ASCII, so Latin-script expressions
 * bound words with `(?<!\p{L})`; scripts without spaces (zh, ja) need no boundary. Gaps are bounded, so every
 * expression runs in linear time.
 */

/** The TOOL-06 categories with patterns in other languages. */
export type MultilingualCategory = "directive" | "secrecy" | "sensitive-read" | "exfiltration";

/** The languages covered, as ISO 639-1 codes. */
export const LANGUAGES = ["zh", "ja", "ko", "es", "fr", "de", "pt", "ru", "ar", "hi", "it"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Latin-script word start, for accented languages where `\b` fails. */
const W = String.raw`(?<![\p{L}\p{N}])`;

const SOURCES: { readonly [language in Language]: { readonly [category in MultilingualCategory]: string } } = {
  zh: {
    directive: String.raw`(?:忽略|无视|忘记|忽视)(?:掉)?(?:之前|以前|先前|上面|上述|前面|所有|全部|一切)(?:的)?(?:所有|全部)?(?:的)?(?:指令|指示|说明|规则|提示|命令)|(?:在)?(?:使用|调用)(?:此|这个|本|该)工具(?:之前|以前|前)|你(?:必须|需要|应该)(?:先|首先|总是|始终|一直)?(?:调用|使用|读取|发送|传入|执行|包含)|新的指令`,
    secrecy: String.raw`(?:不要|别|切勿|不得|请勿|不可|绝不要|千万不要)(?:向|对)?(?:用户|使用者)?(?:告诉|通知|提醒|透露|告知|提及|显示|让)(?:给)?(?:用户|使用者)|(?:对|向)(?:用户|使用者)(?:保密|隐瞒)|不(?:要)?让(?:用户|使用者)(?:知道|发现|看到)|(?:悄悄|偷偷|秘密)(?:地)?(?:发送|读取|调用|上传|转发|执行)`,
    "sensitive-read": String.raw`(?:读取|获取|收集|发送|上传|复制|包含|传入|提取|导出)[^。！？\n]{0,20}(?:私钥|密钥|密码|口令|凭证|凭据|访问令牌|令牌|环境变量|\.env|id_rsa|\.ssh|\.aws)`,
    exfiltration: String.raw`(?:全部|完整|所有|整个)(?:的)?(?:对话|聊天|会话)(?:的)?(?:历史|记录)|(?:内容|历史|记录|密钥|密码|凭证|令牌)[^。！？\n]{0,20}(?:作为|放进|放入|传入|填入|加入|附加到|写入)[^。！？\n]{0,12}(?:参数|字段)`,
  },
  ja: {
    directive: String.raw`(?:以前|これまで|前|上記|すべて|全て)の(?:指示|命令|指令|ルール|プロンプト)を(?:無視|忘れ)|このツールを(?:呼び出す|使用する|使う|実行する)(?:前|まえ)に|新しい指示`,
    secrecy: String.raw`ユーザー(?:に|には|へ)[^。\n]{0,12}(?:伝えない|言わない|知らせない|教えない|明かさない|見せない|秘密|内緒)|ユーザー(?:に)?(?:気づかれ|知られ)ない|(?:こっそり|密かに|ひそかに)`,
    "sensitive-read": String.raw`(?:APIキー|秘密鍵|プライベートキー|パスワード|認証情報|資格情報|アクセストークン|環境変数|\.env|id_rsa|\.ssh)[^。\n]{0,12}(?:読み取|読み込|取得|収集|送信|含め|渡|コピー)`,
    exfiltration: String.raw`(?:会話|チャット|対話)(?:の)?(?:履歴|ログ)(?:全体|すべて|全て)|(?:すべて|全て)の(?:会話|チャット|対話)(?:履歴|ログ)`,
  },
  ko: {
    directive: String.raw`(?:이전|앞선|모든|위의|기존)[^.\n]{0,10}(?:지시|명령|지침|규칙|프롬프트)[^.\n]{0,10}(?:무시|잊)|이 도구를 (?:사용|호출|실행)하기 전에|반드시[^.\n]{0,30}(?:호출|사용|읽|보내|포함|전달)(?:하|해)`,
    secrecy: String.raw`사용자(?:에게|한테)[^.\n]{0,12}(?:알리지|말하지|알려주지|보여주지|밝히지)\s?(?:마|않)|사용자(?:가|는)[^.\n]{0,8}(?:모르게|알지 못하게)|(?:몰래|비밀로)`,
    "sensitive-read": String.raw`(?:비밀번호|암호|API\s?키|개인\s?키|비밀\s?키|자격\s?증명|액세스\s?토큰|환경\s?변수|\.env|id_rsa|\.ssh)[^.\n]{0,20}(?:읽|가져|수집|보내|전송|포함|넣|전달|복사)`,
    exfiltration: String.raw`(?:전체|모든)\s?(?:대화|채팅)\s?(?:기록|내역|이력)`,
  },
  es: {
    directive: String.raw`${W}(?:ignora|ignore|ignorar|ignorad|olvida|olvide)\s(?:todas\s|todos\s)?(?:las\s|los\s|tus\s)?(?:instrucciones|indicaciones|reglas|órdenes)\s(?:anteriores|previas)|${W}(?:debes|tienes que|deberás|debe usted)\s(?:siempre\s|primero\s)?(?:llamar|usar|utilizar|invocar|leer|enviar|incluir|pasar|ejecutar)|${W}antes de (?:usar|llamar|utilizar|invocar) (?:esta|la) herramienta|${W}nuevas instrucciones`,
    secrecy: String.raw`${W}no\s(?:se\s)?(?:lo\s|le\s|les\s)?(?:digas|diga|informes|informe|menciones|mencione|cuentes|cuente|reveles|revele|avises|avise|muestres|muestre)[^.\n]{0,30}(?:usuario|usuaria|cliente)|${W}sin (?:decir|avisar|informar|notificar)(?:le|lo)?\s(?:nada\s)?al usuario|${W}(?:en secreto|a escondidas|sin que el usuario lo sepa)`,
    "sensitive-read": String.raw`${W}(?:lee|leer|lea|obtén|obtener|obtenga|recoge|recopila|envía|enviar|envíe|incluye|incluir|incluya|añade|añadir|pasa|pasar|copia|copiar)[^.\n]{0,40}(?:contraseñas?|claves? (?:privadas?|api|secretas?|ssh|de api)|credenciales|tokens? de acceso|variables de entorno|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:historial|registro) (?:completo )?de (?:la |las )?(?:conversación|conversaciones|chat)|${W}toda la conversación`,
  },
  fr: {
    directive: String.raw`${W}(?:ignore|ignorez|ignorer|oublie|oubliez)\s(?:toutes\s|tous\s)?(?:les\s|tes\s|vos\s)?(?:instructions|consignes|règles|directives)\s(?:précédentes|antérieures)|${W}(?:tu dois|vous devez)\s(?:toujours\s|d'abord\s)?(?:appeler|utiliser|lire|envoyer|inclure|transmettre|exécuter|passer)|${W}avant d'(?:utiliser|appeler) cet outil|${W}nouvelles instructions`,
    secrecy: String.raw`${W}ne\s(?:le\s|la\s|les\s|lui\s|leur\s)?(?:dis|dites|révèle|révélez|mentionne|mentionnez|signale|signalez|informe|informez|montre|montrez)[^.\n]{0,30}(?:pas|jamais|rien)[^.\n]{0,30}(?:utilisateur|utilisatrice)|${W}sans (?:le |en )?(?:dire|prévenir|informer|avertir)[^.\n]{0,10}(?:à )?l'utilisat|${W}(?:en secret|à l'insu de l'utilisat)`,
    "sensitive-read": String.raw`${W}(?:lis|lire|lisez|récupère|récupérez|récupérer|collecte|collectez|envoie|envoyez|envoyer|inclus|incluez|inclure|transmets|transmettez|transmettre|copie|copiez|ajoute|ajoutez)[^.\n]{0,40}(?:mots? de passe|clés? (?:privées?|api|secrètes?|ssh|d'api)|identifiants|jetons? d'accès|variables d'environnement|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:historique|fil) (?:complet |entier )?de (?:la )?(?:conversation|discussion)|${W}toute la conversation`,
  },
  de: {
    directive: String.raw`${W}(?:ignoriere|ignorieren sie|ignoriert|vergiss|vergessen sie)\s(?:alle\s)?(?:vorherigen|bisherigen|früheren|obigen|vorigen)\s(?:Anweisungen|Instruktionen|Regeln|Befehle|Vorgaben)|${W}(?:du musst|sie müssen|ihr müsst)\s[^.\n]{0,60}(?:aufrufen|verwenden|benutzen|lesen|auslesen|senden|schicken|einfügen|übergeben|mitsenden)|${W}bevor (?:du|sie) (?:dieses|das) (?:Tool|Werkzeug) (?:verwendest|verwenden|benutzt|benutzen|aufrufst|aufrufen)|${W}neue Anweisungen`,
    secrecy: String.raw`${W}(?:sag|sage|sagen sie|erzähl|erzähle|verrat|verrate|verraten sie|erwähne|erwähnen sie|informiere|informieren sie|zeig|zeige)[^.\n]{0,40}(?:(?:nicht|nichts|niemals|nie)[^.\n]{0,40}(?:Benutzer|Nutzer|Anwender)|(?:Benutzer|Nutzer|Anwender)(?:in)?[^.\n]{0,20}(?:nicht|nichts|niemals|nie)(?![\p{L}]))|${W}(?:nicht|nichts|niemals|nie)[^.\n]{0,30}(?:dem|den|der) (?:Benutzer|Nutzer|Anwender)(?:in)?[^.\n]{0,20}(?:sagen|verraten|erwähnen|mitteilen|zeigen)|${W}(?:Benutzer|Nutzer|Anwender)[^.\n]{0,30}(?:nichts davon|nicht davon)[^.\n]{0,10}(?:erfahren|wissen|merken)|${W}ohne (?:den|dem|die) (?:Benutzer|Nutzer|Anwender)(?:in)?[^.\n]{0,20}(?:zu )?(?:informieren|fragen|benachrichtigen)|${W}heimlich`,
    "sensitive-read": String.raw`${W}(?:lies|lese|lesen|hole|holen|sammle|sammeln|sende|senden|schicke|füge|übergib|übergeben|kopiere|lade)[^.\n]{0,60}(?:Passw(?:o|ö)rt(?:er)?|Kennw(?:o|ö)rt(?:er)?|privaten? Schlüssel|API-Schlüssel|Zugangsdaten|Anmeldedaten|Umgebungsvariablen|\.env|id_rsa|id_ed25519|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:gesamten?|vollständigen?|komplett(?:en)?) (?:Gesprächs|Chat|Konversations|Unterhaltungs)verlauf`,
  },
  pt: {
    directive: String.raw`${W}(?:ignore|ignora|ignorar|esqueça|esqueca)\s(?:todas\s|todos\s)?(?:as\s|os\s|suas\s)?(?:instruções|instrucoes|regras|orientações)\s(?:anteriores|prévias|previas)|${W}(?:você deve|voce deve|deves|tem que|você precisa|voce precisa)\s(?:sempre\s|primeiro\s)?(?:chamar|usar|utilizar|ler|enviar|incluir|passar|executar)|${W}antes de usar esta ferramenta|${W}novas instruções`,
    secrecy: String.raw`${W}(?:não|nao|nunca)\s(?:conte|diga|informe|mencione|revele|avise|mostre|contar|dizer|informar|mencionar|revelar|avisar)[^.\n]{0,30}(?:usuário|usuario|utilizador|cliente)|${W}sem (?:avisar|informar|contar|dizer)[^.\n]{0,10}(?:ao |o )?(?:usuário|usuario|utilizador)|${W}(?:em segredo|às escondidas|sem que o usuário saiba)`,
    "sensitive-read": String.raw`${W}(?:leia|ler|obtenha|obter|colete|coletar|envie|enviar|inclua|incluir|passe|passar|copie|copiar|adicione)[^.\n]{0,40}(?:senhas?|chaves? (?:privadas?|api|secretas?|ssh|de api)|credenciais|tokens? de acesso|variáveis de ambiente|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}histórico (?:completo )?(?:da|de) (?:conversa|conversação|chat)|${W}toda a conversa`,
  },
  ru: {
    directive: String.raw`${W}(?:игнорируй|игнорируйте|игнорировать|проигнорируй|забудь|забудьте)\s(?:все\s)?(?:предыдущие|прежние|предшествующие|прошлые|вышеуказанные)\s(?:инструкции|указания|правила|команды)|${W}(?:ты должен|ты должна|вы должны|тебе нужно|вам нужно)\s(?:всегда\s|сначала\s)?[^.\n]{0,20}(?:вызв|использ|прочит|отправ|включ|переда)|${W}перед (?:использованием|вызовом) (?:этого )?инструмента|${W}новые инструкции`,
    secrecy: String.raw`${W}не\s(?:сообщай|сообщайте|говори|говорите|рассказывай|рассказывайте|показывай|показывайте|упоминай|упоминайте|раскрывай|раскрывайте)[^.\n]{0,30}пользовател|${W}(?:втайне|тайком|незаметно для пользователя)|${W}без (?:ведома|уведомления|согласия) пользовател`,
    "sensitive-read": String.raw`${W}(?:прочитай|прочитайте|прочти|считай|собери|соберите|отправь|отправьте|передай|передайте|включи|включите|скопируй|скопируйте)[^.\n]{0,50}(?:парол|закрыт(?:ый|ые) ключ|приватн(?:ый|ые) ключ|API-ключ|учётн|учетн|токен|переменн(?:ые|ых) окружения|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}(?:всю|полную|целиком) (?:историю|переписку)(?: (?:диалога|чата|переписки|разговора))?`,
  },
  ar: {
    directive: String.raw`تجاهل\s(?:جميع\s|كل\s)?(?:التعليمات|الأوامر|التوجيهات|القواعد)|يجب (?:عليك )?(?:دائما |دائمًا |أولا |أولاً )?(?:استدعاء|استخدام|قراءة|إرسال|تضمين|تمرير)|قبل استخدام هذه الأداة|تعليمات جديدة`,
    secrecy: String.raw`لا\s(?:تخبر|تُخبر|تبلغ|تُبلغ|تُعلم|تعلم|تذكر|تكشف|تظهر)[^.\n]{0,30}المستخدم|(?:دون|بدون) (?:علم|إخبار|إبلاغ|إعلام) المستخدم|(?:سرًا|سرا|خفية|خلسة)`,
    "sensitive-read": String.raw`(?:اقرأ|أرسل|ارسل|اجمع|ضمّن|ضمن|مرر|مرّر|انسخ|أضف|اضف)[^.\n]{0,40}(?:كلمات? (?:ال)?مرور|كلمة السر|المفتاح الخاص|المفاتيح الخاصة|مفتاح API|بيانات الاعتماد|رموز? الوصول|متغيرات البيئة|\.env|id_rsa)`,
    exfiltration: String.raw`(?:سجل|تاريخ) المحادثة (?:الكامل|بالكامل|كاملا|كاملًا)|المحادثة بأكملها`,
  },
  hi: {
    directive: String.raw`(?:पिछले|पूर्व|सभी|पहले के|उपरोक्त)[^।\n]{0,20}(?:निर्देशों|निर्देश|आदेशों|नियमों)\s?(?:को)?\s?(?:अनदेखा|नजरअंदाज|नज़रअंदाज़|भूल)|(?:तुम्हें|आपको) (?:हमेशा |पहले )?[^।\n]{0,30}(?:कॉल|उपयोग|इस्तेमाल|पढ़|भेज|शामिल) (?:करना |करनी )?(?:होगा|होगी|चाहिए)|इस (?:टूल|उपकरण) का (?:उपयोग|इस्तेमाल) करने से पहले`,
    secrecy: String.raw`उपयोगकर्ता (?:को|से)[^।\n]{0,20}(?:मत|न|नहीं)\s?(?:बताना|बताएं|बताएँ|बताओ|बताइए|बताएगा|पता चलने)|(?:चुपके से|गुप्त रूप से|छिपाकर)`,
    "sensitive-read": String.raw`(?:API कुंजी|निजी कुंजी|पासवर्ड|क्रेडेंशियल|एक्सेस टोकन|टोकन|एनवायरनमेंट वेरिएबल|पर्यावरण चर|\.env|id_rsa)[^।\n]{0,40}(?:पढ़|भेज|शामिल|डाल|कॉपी|एकत्र)`,
    exfiltration: String.raw`(?:पूरी|संपूर्ण|सारी) (?:बातचीत|चैट)(?: का)? (?:इतिहास|रिकॉर्ड)`,
  },
  it: {
    directive: String.raw`${W}(?:ignora|ignorate|ignorare|dimentica|dimenticate)\s(?:tutte\s)?(?:le\s)?(?:istruzioni|regole|indicazioni|direttive)\s(?:precedenti|anteriori)|${W}(?:devi|dovete|deve)\s(?:sempre\s|prima\s)?(?:chiamare|usare|utilizzare|leggere|inviare|includere|passare|eseguire)|${W}prima di (?:usare|utilizzare|chiamare) questo strumento|${W}nuove istruzioni`,
    secrecy: String.raw`${W}non\s(?:dirlo|dire|dirgli|dirle|informare|menzionare|rivelare|avvisare|mostrare)[^.\n]{0,30}(?:utente|cliente)|${W}senza (?:dire|informare|avvisare)[^.\n]{0,10}(?:all'|l')utente|${W}(?:di nascosto|in segreto|all'insaputa dell'utente)`,
    "sensitive-read": String.raw`${W}(?:leggi|leggere|ottieni|ottenere|raccogli|raccogliere|invia|inviare|includi|includere|passa|passare|copia|copiare|aggiungi)[^.\n]{0,40}(?:password|chiavi? (?:privat[ae]|api|segret[ae]|ssh)|credenziali|token di accesso|variabili d'ambiente|\.env|id_rsa|~\/\.(?:ssh|aws))`,
    exfiltration: String.raw`${W}cronologia (?:completa |intera )?(?:della|delle) (?:conversazion[ei]|chat)|${W}tutta la conversazione`,
  },
};

/** One expression for one category in every covered language (one pass over the text, not eleven). */
export function multilingualPattern(category: MultilingualCategory): RegExp {
  return new RegExp(LANGUAGES.map((language) => `(?:${SOURCES[language][category]})`).join("|"), "iu");
}
