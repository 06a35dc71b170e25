package gen

// The vocabulary below is written for this generator: short protest-style
// sentences in English, Hindi (Devanagari), Punjabi (Gurmukhi) and romanized
// Hindi/Punjabi, hashtags, emoji and handles. Weights are integers so draws
// are identical on every platform.

var enSentences = []string{
	"Farmers are the backbone of this nation and they deserve to be heard.",
	"Repeal the three farm laws now.",
	"No farmers, no food. It is that simple.",
	"Day 90 at the Delhi borders and the government is still silent.",
	"Peaceful protesters are being treated like criminals.",
	"Stand with the farmers who feed us every single day.",
	"The world is watching how India treats its farmers.",
	"Internet shut down again at Singhu border. Why is the government so afraid?",
	"Hundreds of farmers have lost their lives during this protest &amp; still no response.",
	"Release Nodeep Kaur and all the activists arrested for speaking up.",
	"This is not just a farmers protest, it is a people's movement.",
	"Kisan Mazdoor Ekta Zindabad!",
	"Thousands gathered at the Kisan Mahapanchayat today.",
	"These laws will crush small farmers and hand everything to big corporates.",
	"Support the farmers, share the truth, ignore the propaganda.",
	"Mainstream media is hiding the real picture from the people.",
	"We will go back home only after the laws are repealed.",
	"Our elders are sleeping on the roads in the cold, shame on this government.",
	"Jai Jawan Jai Kisan",
	"Watch full video here",
	"Please read and share this thread.",
	"MSP must be guaranteed by law.",
	"Freedom of speech is not a crime.",
	"Women farmers are leading from the front at Tikri border.",
	"Another farmer passed away at the protest site today. Rest in peace.",
	"Rail roko from 12 to 4 pm today across the country.",
	"The fight is long but we will win.",
	"Why are journalists being arrested for reporting the truth?",
	"The tractors are ready, the farmers are ready.",
	"Hats off to the spirit of these farmers.",
	"\"We are farmers, not terrorists\" says a 70 year old protester.",
	"The government must talk to the farmers, not threaten them.",
	"Solidarity from Canada with the farmers of Punjab &amp; Haryana.",
	"Stop calling them anti-nationals.",
	"Every single farmer matters.",
	"The protest will continue until our demands are met.",
	"Langar is open for everyone at the protest site.",
	"Young and old, everyone is here at Ghazipur border.",
	"Spread the word, use the hashtag, stand with farmers.",
	"It's been 3 months and the farmers are still on the roads.",
	"Who benefits from these laws? Not the farmers.",
	"Toolkit or no toolkit, the truth will come out.",
	"A democracy that doesn't listen to its farmers is no democracy.",
	"Trending now, keep tweeting!",
	"Historic gathering of farmers in Haryana today.",
	"Police barricades and nails on the roads will not stop us.",
	"We are with you.",
	"Respect to every farmer standing at the borders.",
	"Nails on the roads, walls at the borders... is this how you treat your own citizens?",
	"Food on your plate comes from their fields. Think about it.",
	"My grandfather is at Singhu since November &amp; he says he is not going anywhere.",
	"They tried to divide us, we stood together.",
	"Sharing this for everyone who still thinks the protest is over.",
	"¯\\_(ツ)_/¯ what else can we even say at this point",
	"Fact check: the protest is peaceful, the violence is from the other side.",
	"Listen to the farmers -&gt; repeal the laws -&gt; end this.",
	"Thank you for raising your voice for the farmers.",
	"Farmers &lt;3 from the UK",
}

var enSubjects = []string{
	"The government", "Modi ji", "The BJP IT cell", "Our farmers", "Every Indian", "The youth of Punjab",
	"Godi media", "The whole world", "The diaspora", "Delhi Police", "History", "This movement",
}

var enVerbs = []string{
	"must listen to", "will never forget", "is afraid of", "stands with", "should apologise to",
	"is lying about", "cannot ignore", "will remember", "keeps insulting", "owes everything to",
}

var enObjects = []string{
	"the farmers", "the voice of the people", "this protest", "the three black laws", "our annadata",
	"the farmers of Punjab and Haryana", "the truth", "the martyrs of this movement",
	"the women at the borders", "the kisan", "every farmer who died at the borders",
}

var enEnds = []string{".", "!", "!!", " now.", " today.", "?", "!!!", " #StandWithFarmers."}

var hiSentences = []string{
	"किसान आंदोलन जारी रहेगा",
	"जय जवान जय किसान",
	"किसान नहीं तो खाना नहीं",
	"सरकार को तीनों कृषि कानून वापस लेने ही होंगे",
	"हम अपने हक की लड़ाई लड़ते रहेंगे",
	"अन्नदाता सड़कों पर है और सरकार सो रही है",
	"किसान मजदूर एकता जिंदाबाद",
	"यह आंदोलन अब जन आंदोलन बन चुका है",
	"देश का किसान अब जाग चुका है",
	"काले कानून वापस लो",
	"आज फिर एक किसान की मौत हो गई, सरकार कब जागेगी?",
	"सच को दबाया नहीं जा सकता।",
	"हमारी मांगें पूरी होने तक हम घर नहीं लौटेंगे",
	"एमएसपी पर कानून बनाओ",
	"गोदी मीडिया सच नहीं दिखाएगा",
	"किसानों का अपमान नहीं सहेगा हिंदुस्तान",
	"महापंचायत में लाखों किसान पहुंचे",
	"बॉर्डर पर डटे किसानों को सलाम",
	"सरकार किसानों से बात करे, धमकाए नहीं।",
	"यह लड़ाई लंबी है लेकिन जीत हमारी होगी",
	"किसान देश की रीढ़ हैं",
	"जो किसान के साथ नहीं, वो देश के साथ नहीं",
	"ट्रैक्टर तैयार है, किसान तैयार है",
	"बुजुर्ग किसान ठंड में सड़कों पर बैठे हैं",
}

var paSentences = []string{
	"ਕਿਸਾਨ ਮਜ਼ਦੂਰ ਏਕਤਾ ਜ਼ਿੰਦਾਬਾਦ",
	"ਜਿੱਤਾਂਗੇ ਜ਼ਰੂਰ, ਜਾਰੀ ਰੱਖੋ ਸੰਘਰਸ਼",
	"ਕਾਲੇ ਕਾਨੂੰਨ ਰੱਦ ਕਰੋ",
	"ਕਿਸਾਨ ਨਹੀਂ ਤਾਂ ਰੋਟੀ ਨਹੀਂ",
	"ਵਾਹਿਗੁਰੂ ਜੀ ਕਾ ਖਾਲਸਾ ਵਾਹਿਗੁਰੂ ਜੀ ਕੀ ਫਤਿਹ",
	"ਦਿੱਲੀ ਦੇ ਬਾਰਡਰਾਂ ਉੱਤੇ ਬੈਠੇ ਕਿਸਾਨਾਂ ਨੂੰ ਸਲਾਮ",
	"ਸਰਕਾਰ ਨੂੰ ਕਿਸਾਨਾਂ ਦੀ ਗੱਲ ਸੁਣਨੀ ਪਵੇਗੀ",
	"ਅਸੀਂ ਹੱਕ ਲੈ ਕੇ ਹੀ ਘਰ ਮੁੜਾਂਗੇ।",
	"ਪੰਜਾਬ ਦੇ ਨੌਜਵਾਨ ਮੋਰਚੇ ਉੱਤੇ ਡਟੇ ਹੋਏ ਨੇ",
	"ਇੱਕ ਹੋਰ ਕਿਸਾਨ ਸ਼ਹੀਦ ਹੋ ਗਿਆ",
	"ਚੜ੍ਹਦੀ ਕਲਾ",
	"ਮੋਰਚਾ ਜਿੱਤ ਕੇ ਹੀ ਮੁੜਾਂਗੇ",
	"ਕਿਸਾਨ ਅੰਦੋਲਨ ਨੂੰ ਬਦਨਾਮ ਕਰਨਾ ਬੰਦ ਕਰੋ",
	"ਸਭ ਨੂੰ ਬੇਨਤੀ ਹੈ ਕਿ ਵੱਧ ਤੋਂ ਵੱਧ ਸ਼ੇਅਰ ਕਰੋ।",
	"ਪਿੰਡ ਪਿੰਡ ਤੋਂ ਟਰੈਕਟਰ ਦਿੱਲੀ ਵੱਲ ਰਵਾਨਾ",
	"ਨੌਦੀਪ ਕੌਰ ਨੂੰ ਰਿਹਾ ਕਰੋ",
	"ਪੱਗ ਦੀ ਲਾਜ ਰੱਖਾਂਗੇ",
	"ਬਜ਼ੁਰਗ ਮਾਵਾਂ ਵੀ ਮੋਰਚੇ ਉੱਤੇ ਬੈਠੀਆਂ ਨੇ",
	"ਸਰਬੱਤ ਦਾ ਭਲਾ",
	"ਕਿਸਾਨਾਂ ਦੇ ਹੱਕ ਵਿੱਚ ਆਵਾਜ਼ ਬੁਲੰਦ ਕਰੋ",
}

var hinglishSentences = []string{
	"Jai jawan jai kisan", "Kisan ekta zindabad", "Modi sarkar hosh mein aao", "Kale kanoon wapas lo",
	"Hum kisan ke saath hain", "Kisan hai to hum hain", "Sab ko share karo", "Jitenge zaroor",
	"Andolan jaari rahega", "Jai kissan", "Kisan majdoor ekta zindabad", "Sarkar ko jhukna padega",
	"Tractor chalega", "Dilli door nahi", "Chardi kala", "Jatt da muqabla",
}

// Top-level hashtag (present in most tweets) and its case variants.
var mainTags = []string{"#FarmersProtest", "#farmersprotest", "#Farmersprotest", "#FARMERSPROTEST", "#FarmersProtests"}
var mainTagWeights = []uint64{840, 100, 30, 10, 20}

var extraTags = []string{
	"#ModiDontSellFarmers", "#NoFarmersNoFood", "#FarmersAreIndia", "#IStandWithFarmers",
	"#ModiIgnoringFarmersDeaths", "#FreeNodeepKaur", "#KisanEktaMorcha", "#FarmLaws",
	"#StandWithFarmers", "#SaveFarmers", "#Farmers", "#IndiaBeingSilenced", "#KisanAndolan",
	"#ReleaseNodeepKaur", "#FreeDishaRavi", "#DishaRavi", "#RailRoko", "#KisanMahapanchayat",
	"#MSP", "#Punjab", "#Haryana", "#SinghuBorder", "#TikriBorder", "#GhazipurBorder", "#Toolkit",
	"#India", "#IndiaAgainstPropaganda", "#किसान_आंदोलन", "#किसान_एकता_जिंदाबाद", "#ਕਿਸਾਨ_ਮਜ਼ਦੂਰ_ਏਕਤਾ",
	"#ਕਿਸਾਨੀ_ਸੰਘਰਸ਼", "#HumanRights", "#WheatField", "#FarmersMakeIndia", "#GodiMedia", "#Kisan",
	"#TractorRally", "#BharatBandh", "#FarmersProtestDelhi", "#WeSupportFarmers",
}

// emojis: the ten most frequent clusters carry the published counts as
// weights; the tail mixes skin tones, flags, keycaps and ZWJ sequences.
var emojis = []struct {
	s string
	w uint64
}{
	{"🙏", 5049}, {"😂", 3072}, {"🚜", 2972}, {"🌾", 2182}, {"🇮🇳", 2086},
	{"🤣", 1668}, {"✊", 1651}, {"❤️", 1382}, {"🙏🏻", 1317}, {"💚", 1040},
	{"💪", 990}, {"👇", 960}, {"🙏🏼", 930}, {"😡", 900}, {"😭", 880}, {"🔥", 860},
	{"👍", 830}, {"🙏🏽", 800}, {"💯", 760}, {"😢", 720}, {"👉", 690}, {"🤔", 660},
	{"😊", 620}, {"✊🏻", 600}, {"💪🏻", 570}, {"🇨🇦", 540}, {"👏", 520}, {"😍", 500},
	{"🌹", 480}, {"⚔️", 450}, {"👏🏻", 430}, {"🤦‍♂️", 410}, {"👨‍🌾", 400}, {"🙌", 380},
	{"🇬🇧", 360}, {"😔", 340}, {"🥺", 320}, {"✅", 310}, {"🤡", 300}, {"💔", 290},
	{"👆", 280}, {"🇺🇸", 270}, {"😎", 260}, {"❌", 250}, {"🙄", 240}, {"👩‍🌾", 230},
	{"☝️", 220}, {"✌️", 200}, {"🦁", 190}, {"💐", 180}, {"🤬", 170},
	{"1️⃣", 160}, {"🤦🏻‍♂️", 150}, {"🙏🏾", 145}, {"❤", 140}, {"🏳️‍🌈", 120}, {"😷", 120},
	{"🤗", 115}, {"🌍", 110}, {"💙", 110}, {"2️⃣", 100}, {"3️⃣", 90}, {"💛", 100}, {"🧡", 90},
	{"😤", 90}, {"👊", 88}, {"👊🏻", 70}, {"🤫", 85}, {"🤷‍♀️", 80}, {"🇦🇺", 75}, {"🇳🇿", 50},
	{"👳‍♂️", 75}, {"👳🏻‍♂️", 60}, {"✍️", 70}, {"😇", 70}, {"👨‍👩‍👧‍👦", 40}, {"🥀", 65},
	{"⭐", 60}, {"🛑", 55}, {"📢", 70}, {"📌", 60}, {"🎯", 50}, {"🌻", 50}, {"🕊️", 55},
	{"⚠️", 55}, {"💥", 50}, {"👎", 60}, {"😱", 60}, {"🙂", 70}, {"#️⃣", 30}, {"🇵🇰", 60},
	{"👇🏻", 80}, {"🙋‍♀️", 40}, {"💪🏽", 60}, {"👍🏻", 70}, {"😥", 50}, {"🤝", 60},
}

// curated is the head of the mention distribution: the ten published top
// handles with their published counts as weights, then other accounts the
// protest talked to. Ids are those seen in the sample where known, else
// derived from the name.
var curated = []struct {
	user, name string
	id         int64
	w          uint64
	verified   bool
}{
	{"narendramodi", "Narendra Modi", 18839785, 2265, true},
	{"Kisanektamorcha", "Kisan Ekta Morcha", 1338536920066879488, 1840, false},
	{"RakeshTikaitBKU", "Rakesh Tikait", 0, 1644, true},
	{"PMOIndia", "PMO India", 0, 1427, true},
	{"RahulGandhi", "Rahul Gandhi", 0, 1146, true},
	{"GretaThunberg", "Greta Thunberg", 0, 1048, true},
	{"RaviSinghKA", "ravinder singh", 2347762888, 1019, false},
	{"rihanna", "Rihanna", 0, 986, true},
	{"UNHumanRights", "UN Human Rights", 0, 962, true},
	{"meenaharris", "Meena Harris", 0, 926, true},
	{"DelhiPolice", "#DilKiPolice Delhi Police", 1850705408, 704, true},
	{"AmitShah", "Amit Shah", 0, 656, true},
	{"nstomar", "Narendra Singh Tomar", 0, 608, true},
	{"ReallySwara", "Swara Bhasker", 1546101560, 560, true},
	{"diljitdosanjh", "DILJIT DOSANJH", 0, 528, true},
	{"ArvindKejriwal", "Arvind Kejriwal", 0, 496, true},
	{"rohini_sgh", "Rohini Singh", 267861878, 464, true},
	{"mandeeppunia1", "Mandeep Punia", 326645848, 448, false},
	{"police_haryana", "Haryana Police", 887564756629966848, 416, true},
	{"Tractor2twitr", "Tractor2ਟਵਿੱਟਰ", 0, 400, false},
	{"capt_amarinder", "Capt.Amarinder Singh", 0, 376, true},
	{"BJP4India", "BJP", 0, 352, true},
	{"INCIndia", "Congress", 0, 336, true},
	{"priyankagandhi", "Priyanka Gandhi Vadra", 0, 320, true},
	{"yadavyogendra", "Yogendra Yadav", 0, 304, true},
	{"JustinTrudeau", "Justin Trudeau", 0, 288, true},
	{"jagmeetsingh", "Jagmeet Singh", 0, 280, true},
	{"BorisJohnson", "Boris Johnson", 0, 264, true},
	{"TanDhesi", "Tanmanjeet Singh Dhesi MP", 0, 256, true},
	{"UN", "United Nations", 0, 240, true},
	{"hrw", "Human Rights Watch", 0, 232, true},
	{"amnesty", "Amnesty International", 0, 224, true},
	{"TwitterIndia", "Twitter India", 0, 216, true},
	{"Twitter", "Twitter", 0, 208, true},
	{"YouTube", "YouTube", 10228272, 200, true},
	{"BBCWorld", "BBC News (World)", 0, 192, true},
	{"ANI", "ANI", 0, 184, true},
	{"ndtv", "NDTV", 0, 176, true},
	{"thewire_in", "The Wire", 0, 168, true},
	{"SikhPA", "SikhPressAssociation", 2459519659, 160, false},
	{"sikhchannel", "Sikh Channel", 43500061, 152, false},
	{"BaazNewsOrg", "Baaz", 1347153799690006529, 144, false},
	{"jagjitvaheguru", "Jagjit Singh", 1183153390706147330, 136, false},
	{"sardesairajdeep", "Rajdeep Sardesai", 0, 128, true},
	{"dhruv_rathee", "Dhruv Rathee", 0, 120, true},
	{"KanganaTeam", "Kangana Ranaut", 0, 112, true},
	{"ajitanjum", "Ajit Anjum", 0, 104, true},
	{"PasumaiVikatan", "பசுமை விகடன்", 431173487, 96, false},
	{"CNN", "CNN", 0, 88, true},
	{"nytimes", "The New York Times", 0, 80, true},
}

// hotUsers[d] is the author who leads day d (0 = 2021-02-12) with a boosted
// share of that day's tweets, as in the published per-day top users; the last
// three are invented for days the published list leaves out.
var hotUsers = []string{
	"RanbirS00614606", "MaanDee08215437", "rebelpacifist", "jot__b", "jot__b", "RaaJVinderkaur",
	"neetuanjle_nitu", "Preetm91", "MangalJ23056160", "KisanPutt_Deep", "SukhiBrar1984", "Surrypuria",
	"GurlalSinghMann",
}

var firstNames = []string{
	"Gurpreet", "Harpreet", "Manpreet", "Jaspreet", "Simran", "Amandeep", "Navdeep", "Sukhwinder",
	"Harjit", "Kuldeep", "Rajinder", "Baljit", "Parminder", "Jasvir", "Lakhwinder", "Gurjeet", "Ranbir",
	"Maan", "Jot", "Preet", "Neetu", "Mangal", "Rajesh", "Sandeep", "Amrit", "Inderjit", "Balwinder",
	"Satnam", "Karan", "Arjun", "Deep", "Rohit", "Pooja", "Priya", "Anjali", "Sunita", "Kamal", "Vikram",
	"Ravi", "Sunny", "Harman", "Jagdeep", "Kiran", "Ramandeep", "Gagan", "Tejinder", "Daljit", "Varinder",
	"Bikram", "Sukhdeep", "Maninder", "Anmol", "Babli", "Bitnam", "Pradeep", "Jagjit", "Navjot", "Rupinder",
	"Sarabjit", "Mandeep", "Ajay", "Vijay", "Sonia", "Neha", "Rahul", "Ankit", "Mohit", "Deepak", "Sat",
}

var lastNames = []string{
	"Singh", "Kaur", "Sandhu", "Sidhu", "Gill", "Dhillon", "Brar", "Grewal", "Sekhon", "Bajwa",
	"Randhawa", "Virk", "Kumar", "Sharma", "Yadav", "Chahal", "Mann", "Cheema", "Aulakh", "Hundal",
	"Punia", "Malik", "Dahiya", "Choudhary", "Verma", "Rana", "Bains", "Khaira", "Johal", "Thiara",
	"Dhaliwal", "Nain", "Kotia", "Panam", "Khalsa", "Jatt", "Saini", "Rathore",
}

var scriptNames = []string{
	"ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "ਮਨਦੀਪ ਸਿੰਘ", "ਜਸਵੀਰ ਸਿੰਘ", "ਸਿਮਰਨ ਕੌਰ", "ਕੁਲਦੀਪ ਸਿੰਘ ਸੰਧੂ",
	"राजेश कुमार", "सुनीता देवी", "संदीप यादव", "मोहित शर्मा", "किसान पुत्र", "ਕਿਸਾਨ ਦਾ ਪੁੱਤ",
}

var nameSuffixes = []string{" 🚜", " 🇮🇳", " 🌾", " ☬", " (Kisan)", " 🙏", " ✊", " Khalsa", " 💚"}

var descFragments = []string{
	"Farmer's son", "Proud Indian", "Sikh", "ਕਿਸਾਨ ਦਾ ਪੁੱਤ", "किसान का बेटा", "Student", "Engineer",
	"Living in Canada", "Truck driver", "Music lover", "Tweets are personal", "Jai Jawan Jai Kisan",
	"Human rights activist", "Proud Punjabi", "Nanak Naam Chardi Kala, Tere Bhane Sarbat Da Bhala",
	"Follow back", "Retweets are not endorsements", "Working for a better tomorrow", "Punjab | Canada | UK",
	"Haryana da chhora", "Photographer", "Agriculture graduate", "Social worker", "IT professional",
	"Kisan Putt 🚜", "ਵਾਹਿਗੁਰੂ ਮਿਹਰ ਕਰੇ", "जय हिंद 🇮🇳", "Love my country & my people", "Lawyer",
	"Teacher", "Doctor | Runner", "Mother of two", "Dreamer", "Singer/Songwriter", "Speak truth to power",
	"\"Be the change you wish to see\"", "Poet", "Nurse", "Small business owner", "Kabaddi player",
	"Views are my own", "Running my family farm since 1998", "Activist", "Sardar ji", "Jatt Life",
	"Gym | Cars | Travel", "Instagram: same handle", "Trying my best", "Vegetarian", "Foodie",
}

var locations = []string{
	"Punjab, India", "India", "New Delhi, India", "Haryana, India", "Chandigarh", "Ludhiana, India",
	"Amritsar", "Patiala, India", "Brampton, Ontario", "Surrey, British Columbia", "Toronto, Ontario",
	"London, England", "England, United Kingdom", "California, USA", "Melbourne, Victoria",
	"Sydney, New South Wales", "Uttar Pradesh, India", "Rajasthan, India", "Mumbai, India", "Jalandhar",
	"Bathinda, India", "Sangrur", "Italy", "Dubai", "ਪੰਜਾਬ", "हरियाणा", "Earth", "Slough, England ",
	"Brampton, On", "UK", "Canada", "Bengaluru, India", "Kolkata, India", "she/they", "Delhi Border",
}

var sources = []struct {
	url, label string
	w          uint64
}{
	{"http://twitter.com/download/android", "Twitter for Android", 560},
	{"http://twitter.com/download/iphone", "Twitter for iPhone", 250},
	{"https://mobile.twitter.com", "Twitter Web App", 150},
	{"http://twitter.com/#!/download/ipad", "Twitter for iPad", 18},
	{"https://about.twitter.com/products/tweetdeck", "TweetDeck", 10},
	{"https://www.hootsuite.com", "Hootsuite Inc.", 4},
	{"https://ifttt.com", "IFTTT", 3},
	{"https://help.twitter.com/en/using-twitter/how-to-tweet#source-labels", "Twitter Media Studio", 3},
	{"https://buffer.com", "Buffer", 2},
}

// lang codes for tweets whose text the detector got wrong or could not
// place; the real file has a long tail of such codes.
var oddLangs = []string{"in", "tl", "et", "hu", "ca", "es", "ht", "ro", "de", "fr", "ur", "ta"}

var slugWords = []string{
	"farmers", "protest", "live", "updates", "delhi", "border", "police", "government", "talks",
	"singhu", "tikri", "ghazipur", "laws", "repeal", "kisan", "mahapanchayat", "rail", "roko", "punjab",
	"haryana", "activist", "arrested", "bail", "court", "toolkit", "case", "rihanna", "greta", "tweet",
	"internet", "shutdown", "msp", "minister", "centre", "union", "leaders", "meeting", "fresh", "round",
}

var newsSites = []string{
	"https://www.tribuneindia.com/news/nation/",
	"https://indianexpress.com/article/india/",
	"https://www.thehindu.com/news/national/",
	"https://www.ndtv.com/india-news/",
	"https://thewire.in/agriculture/",
	"https://www.bbc.com/news/world-asia-india-",
	"https://www.change.org/p/",
}
