"""Page furniture, numeric dates, publishers and kinds read from a page's own layout."""

from __future__ import annotations

import pytest

from jdib.ingest import page as layout, text
from jdib.ingest.corpus import date_line, infer_published, infer_publisher, infer_title, parse_document


# Menus and consent boxes above a page's own lines, as many as push them down the page.
_MENUS = ("Cookies on this site\nWe use cookies to remember your settings.\nAccept cookies\nReject cookies\n"
          "Skip to main content\nHome\nNews\nPolicy\nContact\nSearch\nMenu\n")


@pytest.mark.parametrize("line, kind", [
    ("Skip to content", "skip link"),
    ("本文へ移動", "skip link"),
    ("Please view the text of the page by skipping the main menu.", "skip link"),
    ("A lock (lock ) or https:// means you’ve safely connected to the .mil website.", "government banner"),
    ("This site uses cookies to measure traffic.", "cookie banner"),
    ("Accept all", "cookie banner"),
    ("An official website of the United States government", "government banner"),
    ("文字サイズ", "government banner"),
    ("Home > Newsroom > Statements", "breadcrumb"),
    ("Home / Programs / Co-production", "breadcrumb"),
    ("Share 12", "counter"),
    ("3 min read", "counter"),
    ("いいね 45", "counter"),
    ("The frigate leaves Nagasaki on Monday. (Photo: Port Daily / file)", "caption"),
    ("Minister Doi (left) and her counterpart at the talks", "caption"),
    ("外務報道官:", "speaker label"),
    ("英国側:ジョン・ヒーリー国防大臣", "speaker label"),  # a side in a list of attendees
    ("Joined: Sep 2018", "profile"),
    ("登録日：2019年4月", "profile"),
    ("[[Page S1021]]", "page marker"),
    ("- 4 -", "page marker"),
    ("Advertisement", "advertising"),
    ("Sign up for our daily newsletter", "advertising"),
    ("Most Read", "related"),
    ("あわせて読みたい", "related"),
    ("By Tom Ellery", "byline"),
    # Photo captions ending with their place or credit, and a credit alone.
    ("式典であいさつする米国の駐日大使＝米海軍佐世保基地", "caption"),
    ("進水した護衛艦（2024年5月、長崎市）＝共同", "caption"),
    ("試験発射されたミサイル＝ロイター", "caption"),
    ("〔共同〕", "credit"),
    ("【時事】", "credit"),
    # A menu's or a list's item, a link to the story elsewhere, a bare address.
    ("  • Home", "list item"),
    ("• Sport", "list item"),
    ("元の記事を読む", "link"),
    ("続きを読む", "link"),
    ("H/T Harbor Post (read more at harborpost.example)", "link"),
    ("x.com/navywatcher/status/1234567890123", "link"),
    ("https://news.example.com/2024/01/frigates", "link"),
    ("続きはこちら news.example.jp", "link"),
    ("Read more here: pier-post.example", "link"),
    ("Treaty text (EnglishOpen a New Window / JapaneseOpen a New Window )", "link"),
    ("参照図表III-2-1-4(装備移転の件数)", "link"),
    ("'' .", "punctuation"),
    ("＊＊＊", "punctuation"),
    # Paid placement.
    ("This article is a sponsored article by", "advertising"),
    ("This post is sponsored content from Pier Capital", "advertising"),
    # A speaker's name and title alone before the words they say.
    ("木原稔防衛大臣", "speaker name"),
    ("アメリカ エマニュエル駐日大使", "speaker name"),
    ("Defense Minister Gen Nakatani", "speaker name"),
    # The name of a site's section.
    ("Statements and Releases", "navigation"),
    ("Speeches and Remarks", "navigation"),
    # The lines a .mil site puts above every page, beside the .gov ones.
    ("A .mil website belongs to an official U.S. Department of Defense organization in the United States.",
     "government banner"),
    ("A lock or https:// means you've safely connected to the .mil website. Share sensitive information only "
     "on official, secure websites.", "government banner"),
    # A picture's caption: a sentence closed by the photographer's credit in brackets,
    # or a sentence closing with the place and the day it was taken.
    ("Sailors load a missile aboard a destroyer at Yokosuka, Japan, on 3 May 2023. (US Navy/PO2 Dana Reyes)",
     "caption"),
    ("Two officials sign the pact in Tokyo. (Ministry of Defense)", "caption"),
    ("Crew members fire a missile during a test near Nellis Air Force Base, Nev., March 4, 2021. The missile "
     "flies far.", "caption"),
    ("Workers weld a hull section at the yard in Nagasaki, Japan, 12 June 2023.", "caption"),
    # A paywall's and a product's pitch.
    ("Looking to read the full article?", "advertising"),
    ("Gain unlimited access to Pier Ledger news and more...", "advertising"),
    ("Request a DemoOverall Sentiment", "advertising"),
    # Near misses: the page's own lines.
    ("Japan and India sign a pact on defence equipment transfers", None),
    ("Japan signs frigate pact with Australia (update)", None),
    ("Japan and the US signed the pact in Tokyo on Jan. 18, 2024, officials said.", None),
    ("Exports resumed in March 2021, the ministry said.", None),
    ("Japan requests a demonstration of the radar", None),
    ("The minister will skip the summit in Manila", None),
    ("The .mil domain is run by the Department of Defense, which approved the sale on Tuesday.", None),
    ("By 2027 Japan will double its defence spending, the minister said.", None),
    ("日印が防衛装備品の移転協定に署名", None),
    ("Homeland security officials met on Tuesday", None),
    # ... a headline with an equals sign, or naming who spoke, or where
    ("トマホーク取得を前倒し＝防衛省が方針", None),
    ("防衛相、豪国防相と会談＝装備協力を確認", None),
    ("木原防衛大臣が訪米へ", None),
    ("Defense Minister Gen Nakatani to visit Washington next week", None),
    ("Statements and releases on frigate exports draw criticism", None),
    ("A sponsored trip to the yards raised questions", None),
    ("The bullet points of the new export rules", None),
    ("参照すべき図表がない白書", None),
])
def test_a_line_of_furniture_is_told_by_what_it_is(line, kind):
    assert layout.furniture(line) == kind


@pytest.mark.parametrize("line, order, iso", [
    ("21/03/2023", None, "2023-03-21"),  # no month 21: day first
    ("03/21/2023", None, "2023-03-21"),  # month first
    ("04/03/2023", None, None),          # either: unresolved
    ("04/03/2023", "dmy", "2023-03-04"),
    ("04/03/2023", "mdy", "2023-04-03"),
    ("2023.3.21", None, "2023-03-21"),
    ("Posted: Mar 21, 2023 | Updated: Mar 22, 2023", None, "2023-03-21"),
    ("公開日：2023年3月21日 | 更新日：2023年3月22日", None, "2023-03-21"),
    ("Tuesday, March 21, 2023", None, "2023-03-21"),
    ("By Staff Writer | 21 March, 2023 | Topics: Navy", None, "2023-03-21"),
    ("[Congressional Record Volume 169, Number 50 (Tuesday, March 21, 2023)]", None, "2023-03-21"),
    ("Joined 03/21/2015", None, "2015-03-21"),  # a date line as such; infer_published never reads it
])
def test_numeric_and_labelled_date_lines(line, order, iso):
    found = date_line(line, order)
    assert (found.iso() if found else None) == iso


@pytest.mark.parametrize("raw, iso", [
    # A member's Joined date is not the post's.
    ("Naval Forum\nTopic: frigate exports\nJoined: Jan 2012\nPosts: 310\nPosted: Thu Mar 21, 2023 8:02 pm\n"
     "The frigate export to Australia is a big step and I wonder how many will be built in Japan.\n", "2023-03-21"),
    # A government banner tells a US page writes its month first.
    ("An official website of the United States government\nAgency of Example\nA Policy on Licensed Production Abroad\n"
     "Last modified: 04/03/2023\nThis page sets out how the agency reviews requests to produce its articles abroad.\n",
     "2023-04-03"),
    # Ambiguous, and nothing on the page tells: no date.
    ("Littoral Blog\nWhy ports matter more than ships\nPosted 04/03/2023 by Jo\n"
     "Ports are where navies are repaired and supplied, and Japan has many close to the fleet.\n", None),
    # A date fused to the headline.
    ("Coast Post\n21/03/2023Japan and India sign equipment transfer pact\n"
     "Japan and India signed an agreement on Tuesday on the transfer of defence equipment and technology.\n",
     "2023-03-21"),
    # The related list's dates are other stories'.
    ("Harbor Times\nJapan and India sign equipment transfer pact\n"
     "Japan and India signed an agreement on Tuesday on the transfer of defence equipment and technology.\n"
     "Related\nTokyo and Delhi hold talks Mar 20, 2023\n", None),
    # A labelled date fused to the lead, or to a labelled headline.
    ("date 2023-03-21 (Pier Wire) -- Japan and India signed an agreement on Tuesday on the transfer of defence "
     "equipment and technology.\nThe pact covers ships and radars.\n", "2023-03-21"),
    ("Published 2023-03-21 Title: Japan and India sign equipment pact\nJapan and India signed an agreement "
     "on Tuesday on the transfer of defence equipment and technology.\n", "2023-03-21"),
    # A byline with the date after a slash, and a time.
    ("Pier Ledger\nJapan and India sign equipment pact\nBy Dana Reyes / March 21, 2023 at 5:14 PM\n"
     "Japan and India signed an agreement on Tuesday on the transfer of defence equipment and technology.\n",
     "2023-03-21"),
    # A dateline without the year does not date the page.
    ("Japan and India sign equipment pact\nTOKYO, Mar 21 (Pier Wire) - Japan and India signed an agreement "
     "on Tuesday on the transfer of defence equipment and technology.\n", None),
    # The banner of a .mil site above the headline and the date line under it.
    ("An official website of the United States government\nA .mil website belongs to an official U.S. "
     "Department of Defense organization in the United States.\nA lock or https:// means you've safely "
     "connected to the .mil website. Share sensitive information only on official, secure websites.\n"
     "Yards in Japan repair a US destroyer\n21 March 2023\nA Japanese yard finished repairs on a US Navy "
     "destroyer this week, the first such job for the yard.\n", "2023-03-21"),
    # A page that puts its story first, its headline and date line after it.
    ("日本とインドは21日、防衛装備品・技術移転協定に署名した。\n協定は来月発効する見通しだ。\n"
     "日印、防衛装備品移転協定に署名\n時間: 21/03/2023\n", "2023-03-21"),
    # Near misses: a date opening the lead's sentence is the event's, a caption's is the picture's.
    ("港町新報\n2023年3月21日、日本とインドは防衛装備品の移転協定に署名した。\n", None),
    ("Japan and India sign equipment pact\nSailors at Yokosuka, Japan, on 3 May 2023. (US Navy/PO2 Dana Reyes)\n"
     "Japan and India signed an agreement on Tuesday on the transfer of defence equipment and technology.\n",
     None),
    # A post's time under its text.
    ("@navywatcher\nJapan and India just signed the equipment pact. Big day for both navies and industries.\n"
     "9:15 AM · Mar 21, 2023\n120 Reposts 300 Likes\n", "2023-03-21"),
])
def test_the_page_date_is_the_pages_own(raw, iso):
    found = infer_published(text.split_lines(raw))
    assert (found.iso() if found else None) == iso


@pytest.mark.parametrize("raw, title", [
    ("Skip to main content\nAn official website of the United States government\nHere's how you know\n"
     "Agency of Example\nHome > News\nAgency Opens Office in Tokyo to Support Co-Production\n"
     "The agency opened an office in Tokyo on Monday to support co-production of defense equipment with Japan.\n",
     "Agency Opens Office in Tokyo to Support Co-Production"),
    ("We use cookies to give you the best experience on our site.\nAccept all\nThe Pier Ledger\n"
     "Japan's shipyards win first US Navy repair jobs\n"
     "Two Japanese yards have won their first contracts to repair US Navy ships, officials said on Friday.\n",
     "Japan's shipyards win first US Navy repair jobs"),
    ("港町新報\n2023年3月21日日印、防衛装備品移転協定に署名\n日本とインドは21日、防衛装備品・技術移転協定に署名した。\n",
     "日印、防衛装備品移転協定に署名"),
    ("報道ステーションＺ\n防衛相:\n「協力の深化を歓迎する」\n日印防衛相会談　装備協力を深化\n"
     "防衛相は21日、インドの国防相と会談し、装備協力を深めることで一致した。\n", "日印防衛相会談 装備協力を深化"),
    # A forum's label before a topic, a board's thread number after it.
    ("Naval Forum\nTopic: Frigate exports to Australia - who builds them?\nJoined: Jan 2012\nPosts: 310\n"
     "I wonder how many of the frigates will be built in Japan and how many in Australia itself.\n",
     "Frigate exports to Australia - who builds them?"),
    ("【防衛】護衛艦の豪州輸出が決定 [987654321]\n1 名無しさん 2025/08/05(火) 10:00:00.00 ID:abcd1234\n"
     "豪州の次期フリゲートに日本の護衛艦が選ばれたとのこと。\n", "護衛艦の豪州輸出が決定"),
    # A section's name above the headline.
    ("The Example House\nStatements and Releases\nFACT SHEET: Allies Deepen Shipbuilding Ties\n"
     "Today the two leaders announced new steps to deepen shipbuilding ties between their countries.\n",
     "FACT SHEET: Allies Deepen Shipbuilding Ties"),
    # A caption above the story, a speaker's name before a quote, a bullet of a menu.
    ("護衛艦の進水式であいさつする防衛相＝長崎市\n護衛艦が豪州へ　輸出第1号\n"
     "防衛相は21日、長崎市で護衛艦の進水式に出席し、豪州への輸出を進める考えを示した。\n", "護衛艦が豪州へ 輸出第1号"),
    ("防衛省、護衛艦輸出で豪と最終調整\n防衛大臣\n「官民一体で取り組む」\n"
     "防衛省は21日、豪州への護衛艦輸出について最終調整に入ったと発表した。\n", "防衛省、護衛艦輸出で豪と最終調整"),
    ("Skip to main content\nPier Times\n  • Home\n  • World\n  • Business\nMenu\n"
     "Japan and Australia seal frigate deal\n"
     "Japan and Australia sealed a deal on Tuesday for frigates built first in Japan and later in Australia.\n",
     "Japan and Australia seal frigate deal"),
    # A headline stands before the story: a tagline, a sub-heading or an attachment's
    # link after the lead is not one, nor a section's name of a word or two.
    ("Japan and India signed an agreement on Tuesday on the transfer of defence equipment and technology.\n"
     "The pact covers ships and radars, and takes effect next month after both sides approve it.\n"
     "Research tools and alerts for busy investors.\n", "Japan and India signed an agreement on…"),
    ("Japan and India signed an agreement on Tuesday on the transfer of defence equipment and technology.\n"
     "What the Pact Covers\nThe pact covers ships and radars, and takes effect next month after approval.\n",
     "Japan and India signed an agreement on…"),
    ("Japan-India Relations\n\nMarch 21, 2023\n\nOn March 21, Minister Sato and Minister Rao signed the "
     "agreement on the transfer of defence equipment and technology in Tokyo.\n\n"
     "Agreement (EnglishOpen a New Window / JapaneseOpen a New Window )\nAgreed Minutes to the Agreement\n",
     "On March 21, Minister Sato and Minister…"),
    # A date line fused to an outlet's name, a labelled date fused to the lead, and the
    # wire's dateline are not the story's first words.
    ("date 2023-03-21 Newsfrom Pier\nTokyo, March 21 (Pier Wire)--Japan and India signed an agreement on "
     "Tuesday on the transfer of defence equipment.\n", "Japan and India signed an agreement on…"),
    ("date 2023-03-21 (Pier Wire) -- Japan and India signed an agreement on Tuesday on the transfer of "
     "defence equipment and technology.\n", "Japan and India signed an agreement on…"),
    ("date 2023-03-21 Title: Japan and India sign equipment pact\nJapan and India signed an agreement on "
     "Tuesday on the transfer of defence equipment and technology.\n", "Japan and India sign equipment pact"),
    # A picture with its credit, or its own title over its caption, above the story.
    ("Sailors load a missile aboard a destroyer at Yokosuka, Japan, on 3 May 2023. (US Navy/PO2 Dana Reyes)\n"
     "Tokyo and Delhi are working on a study of co-producing missiles in Japan, officials said on Tuesday.\n",
     "Tokyo and Delhi are working on a study…"),
    ("Missile Test Over Nevada\n\nCrew members fire a missile during a test near Nellis Air Force Base, Nev., "
     "March 4, 2021. The missile flies far.\n\nWASHINGTON — The State Department on Tuesday approved a "
     "possible sale of missiles to Japan worth $2 billion, officials said.\n",
     "The State Department on Tuesday approve…"),
    # A page that puts its story first: the headline is the line with its date line under it.
    ("日本とインドは21日、防衛装備品・技術移転協定に署名した。\n協定は来月発効する見通しだ。\n"
     "日印、防衛装備品移転協定に署名\n時間: 21/03/2023\n", "日印、防衛装備品移転協定に署名"),
    # Near miss: a headline over a caption that the story goes on to tell is the title.
    ("Japan Buys Missiles From US\nOfficials sign the deal in Tokyo, Japan, Jan. 18, 2024. (Pier Wire)\n"
     "Japan signed a deal on Thursday to buy missiles from the US, its defence ministry said.\n",
     "Japan Buys Missiles From US"),
    # No headline: the start of the first sentence of the page's own, not a caption's.
    ("揚陸訓練に臨む隊員（2024年5月、沖縄県）＝共同\n防衛省は21日、豪州との共同訓練の計画を公表した。訓練は来年行う。\n",
     "防衛省は21日、豪州との共同訓練の計画を公表した"),
])
def test_the_title_is_the_line_the_story_tells(raw, title):
    assert infer_title(text.split_lines(raw)) == title


@pytest.mark.parametrize("raw, publisher", [
    ("An official website of the United States government\nU.S. Department of State\nReadout\nSecretary meets minister\n",
     "U.S. Department of State"),
    ("GOV.UK\nPress release\nUK and Japan agree defence pact\nFrom: Ministry of Defence\nPublished 11 January 2023\n",
     "Ministry of Defence"),
    ("日印防衛相会談の結果について\n両大臣は会談を行った。\n以上\n防衛省 防衛政策局 国際政策課\n", "防衛省"),
    ("The Pier Ledger\nJapan's shipyards win first US Navy repair jobs\nTwo yards have won contracts, officials said.\n",
     "The Pier Ledger"),
    ("Japan's shipyards win repair jobs\nTwo yards have won contracts, officials said.\n© 2023 Pier Media Group. All rights reserved.\n",
     "Pier Media Group"),
    # The issuing office's line, wherever the menus above it push it, its label on a
    # line of its own or beside the name, one issuer of several.
    (_MENUS + "News story\nUK and Japan talk shipbuilding\nOfficials met in London on naval yards.\n"
     "From: Ministry of Defence\nPublished 3 March 2023\nThe talks covered repair work for both navies.\n",
     "Ministry of Defence"),
    (_MENUS + "News story\nUK and Japan talk shipbuilding\nOfficials met in London on naval yards.\nFrom:\n"
     "Ministry of Defence and Defence Equipment Board\nPublished 3 March 2023\nThe talks covered repair work.\n",
     "Ministry of Defence"),
    (_MENUS + "Japan's Shipyards and the U.S. Navy: Issues for Congress\nPrepared by the Congressional Research Service\n"
     "Updated May 2, 2024\nJapanese yards have begun to repair ships of the U.S. Seventh Fleet.\n",
     "Congressional Research Service"),
    ("ホーム\n報道・広報\n報道資料\n政策\n予算\n白書\n調達\n採用\n地域\n資料\n統計\nリンク\n"
     "日印装備協力会合の結果について\n発表元：防衛装備庁\n令和5年3月21日\n本日、会合を開催しました。\n", "防衛装備庁"),
    # A record's or a report's series header names the series it belongs to.
    ("[Congressional Record Volume 169, Number 50 (Tuesday, March 21, 2023)]\n[Senate]\n[Pages S1021-S1022]\n"
     "SHIP REPAIR IN ALLIED YARDS\nMr. REED. Mr. President, I rise to speak about ship repair in Japan.\n",
     "Congressional Record"),
    ("[Page S2101]\nFrom the Congressional Record Online through the Government Publishing Office [www.gpo.gov]\n"
     "SHIP REPAIR IN ALLIED YARDS\nMr. REED. Mr. President, I rise to speak about ship repair in Japan.\n",
     "Congressional Record"),
    ("Japan's Shipyards and the U.S. Navy\nCRS Insight IN12345\nUpdated May 2, 2024\n"
     "Japanese yards have begun to repair ships of the U.S. Seventh Fleet, a step Congress has followed.\n",
     "Congressional Research Service"),
    ("第211回国会 参議院 外交防衛委員会 第5号\n令和5年4月20日（木曜日）\n○委員長 ただいまから委員会を開会いたします。\n",
     "参議院"),
    # A broadcaster's masthead ends as its programme's name does.
    ("ワイドステーションＶ\n日印防衛相会談　装備協力を深化\n防衛相は21日、インドの国防相と会談し、装備協力を深めることで一致した。\n",
     "ワイドステーションV"),
    ("くろしおテレビ\n日印防衛相会談　装備協力を深化\n防衛相は21日、インドの国防相と会談し、装備協力を深めることで一致した。\n",
     "くろしおテレビ"),
    # ... or heading its site's breadcrumb.
    ("港町タイムズ ｜ 地域 ｜ 横浜\n米艦、横浜の工場に入る\n米海軍の艦が12日、横浜市の工場に入った。\n", "港町タイムズ"),
    # Near misses: a ministry in a breadcrumb or a headline is not the publisher.
    ("港町ウォッチ ｜ トップ ＞ 防衛省関連 ＞ 記事\n防衛省、新型護衛艦を公開\n防衛省は21日、新型護衛艦を公開した。\n", ""),
    ("Ministry of Defense Announces New Budget Plan\nThe ministry announced its budget on Friday, officials said.\n", ""),
    # ... nor a story's words about a letter from a ministry, a sender, or a record cited
    (_MENUS + "Yards wait for orders\nFrom: our correspondent in Tokyo\nA letter from the Ministry of Defence "
     "was read to the yard's workers on Monday.\n", ""),
    ("Senators press on ship repair\nThe Congressional Record Volume 169 shows the senator spoke on Tuesday about it.\n", ""),
    ("第211回国会が閉会\n第211回国会は21日、閉会した。\n", ""),
    ("防衛相、テレビで説明\n防衛相は21日、テレビ番組で装備協力について説明した。\n", ""),
])
def test_the_publisher_is_the_one_the_page_names(raw, publisher):
    lines = text.split_lines(raw)
    assert infer_publisher(lines, infer_title(lines)) == publisher


@pytest.mark.parametrize("page_title, publisher", [
    # An HTML page's <title> ends with its site's name after a separator.
    ("日印防衛相会談の結果について｜防衛省・自衛隊", "防衛省"),
    ("Japan and India hold defence talks | Ministry of Foreign Affairs of Japan", "Ministry of Foreign Affairs of Japan"),
    ("Japan and India hold defence talks - U.S. Department of State", "U.S. Department of State"),
    ("Japan and India hold defence talks | The Pier Ledger", "The Pier Ledger"),
    # Near misses: a title naming a ministry in its words, a hyphen inside a headline.
    ("Ministry of Defence to buy radars for its new frigates", ""),
    ("Japan-India talks - what comes next for the yards", ""),
])
def test_the_publisher_is_the_site_an_html_title_ends_with(page_title, publisher):
    lines = text.split_lines("Japan and India hold defence talks\nThe two sides met on Tuesday in Tokyo to talk.\n")
    assert infer_publisher(lines, infer_title(lines), page_title=page_title) == publisher


@pytest.mark.parametrize("raw, tier", [
    (_MENUS + "News story\nUK and Japan talk shipbuilding\nOfficials met in London on naval yards.\n"
     "From: Ministry of Defence\nPublished 3 March 2023\nThe talks covered repair work for both navies.\n", "official"),
    ("[Congressional Record Volume 169, Number 50 (Tuesday, March 21, 2023)]\n[Senate]\n[Pages S1021-S1022]\n"
     "SHIP REPAIR IN ALLIED YARDS\nMr. REED. Mr. President, I rise to speak about ship repair in Japan.\n", "official"),
    (_MENUS + "Yards wait for orders\nFrom: our correspondent in Tokyo\nA letter from the Ministry of Defence "
     "was read to the yard's workers on Monday.\n", "established"),
])
def test_a_page_that_names_an_official_publisher_is_official(raw, tier):
    from jdib.extract.sources import reliability

    assert reliability(parse_document("d", raw)).tier == tier


@pytest.mark.parametrize("raw, tier", [
    # A government's own forms: a readout, a release dated in the era calendar under its
    # title, the White Paper's references to its figures.
    ("Readout of the Deputy Secretary's Visit to India\n\nMarch 21, 2023\n\nIn Japanese\n\n"
     "The Deputy Secretary traveled to New Delhi to meet officials of the defence ministry.\n", "official"),
    ("報道発表\n日・印防衛装備品移転協定への署名\n令和5年3月21日\n"
     "3月21日、東京において、外務大臣と駐日インド大使が協定に署名しました。\n", "official"),
    ("アメリカ合衆国\n日米首脳電話会談\n平成29年1月28日\n28日,総理大臣は,約40分間,大統領と電話会談を行いました。\n",
     "official"),
    ("日豪の装備協力は長期にわたる取組である。\n参照図表IV-1-3-1(諸外国との装備協力)\n"
     "豪州との間では、2014年12月に協定が発効した。\n", "official"),
    # Near misses: a story about a readout, a blog's western date, a story citing the White Paper.
    ("What the readout of the talks left out\nMarch 21, 2023\nThe readout of the talks said little about "
     "the yards, officials said on Tuesday.\n", "established"),
    ("港町新報\n日米首脳電話会談\n2017年1月28日\n28日、総理は大統領と電話会談を行った。\n", "established"),
    ("防衛白書、豪州との協力を強調\n防衛白書は参照図表で豪州との協力を示した。\n", "established"),
    ("港町新報\n予算案を閣議決定\n政府は21日、令和5年度予算案を閣議決定した。\n", "established"),
    # ... nor a paper under its own masthead that dates itself in the era calendar.
    ("港町タイムズ ｜ 地域\n\n米艦、横浜の工場に入る\n令和6年12月13日\n米海軍の艦が12日、横浜市の工場に入った。\n",
     "established"),
])
def test_a_page_in_a_governments_own_form_is_official(raw, tier):
    from jdib.extract.sources import reliability

    assert reliability(parse_document("d", raw)).tier == tier


@pytest.mark.parametrize("raw, kind", [
    ("Forum\nRe: frigates\nJoined: 2011\nPosts: 20\nI think the frigate deal is good for both sides of the deal.\n", "forum_post"),
    ("防衛大臣記者会見\n令和5年3月21日\n大臣：本日は１点ございます。\n記者：時期は。\n大臣：調整中です。\n", "transcript"),
    ("Joint Statement on Defense Cooperation between Japan and India\nMarch 21, 2023\nThe two sides reaffirmed.\n",
     "joint_statement"),
    ("The Example Review\nOpinion\nExports need a plan\nMarch 21, 2023\nThe decision to export frigates is welcome but yards lack workers.\n",
     "opinion"),
    ("U.S. Department of State\nReadout\nSecretary's Meeting with Minister\nMarch 21, 2023\nThe Secretary met the minister today.\n",
     "readout"),
    ("FACT SHEET: Deepening Defense Industrial Ties\nMarch 21, 2023\nToday the leaders announced new steps.\n", "fact_sheet"),
    ("[Congressional Record Volume 169, Number 50 (Tuesday, March 21, 2023)]\n[Senate]\n[Pages S1021-S1022]\n"
     "SHIP REPAIR IN ALLIED YARDS\nMr. REED. Mr. President, I rise to speak about ship repair in Japan.\n", "transcript"),
    ("防衛装備庁\n日印装備協力会合の開催について\n令和5年3月21日\n本日、会合を開催しました。\n", "press_release"),
    ("The Pier Ledger\nJapan's shipyards win repair jobs\nMarch 21, 2023\nTwo yards have won contracts to repair ships, officials said on Friday.\n",
     "news_article"),
])
def test_the_kind_is_told_by_the_pages_form(raw, kind):
    assert parse_document("d", raw).kind == kind


@pytest.mark.parametrize("lead, published", [
    # A notice's or a wire's dateline with its year dates the page.
    ("WASHINGTON, May 5, 2015 – The State Department has made a determination approving a possible sale.", "2015-05-05"),
    ("CANBERRA, 5 August 2025 — Australia has picked the upgraded Mogami design for its new general purpose frigates.",
     "2025-08-05"),
    # Near-misses: no year, or a date inside the sentence.
    ("WASHINGTON, May 5 – The State Department approved a possible sale.", None),
    ("The State Department on May 5, 2015 approved a possible sale.", None),
])
def test_a_dateline_with_its_year_dates_the_page(lead, published):
    from jdib.ingest.corpus import parse_document
    doc = parse_document("n", f"Japan – Aircraft\n{lead}\nJapan is a partner.\n")
    assert (doc.published.isoformat() if doc.published else None) == published


def test_one_sale_told_twice_in_a_notice_is_one_row():
    from jdib.ingest.corpus import parse_document
    from jdib.extract.events import events_table
    doc = parse_document("n", "Japan – V-22B Osprey Aircraft\nWASHINGTON, May 5, 2015 – The State Department has made a "
                              "determination approving a possible Foreign Military Sale to Japan for seventeen V-22B Osprey "
                              "aircraft.\n")
    got = events_table([doc])
    assert got[["date", "kind", "program"]].values.tolist() == [["2015-05-05", "sale approval", "v22"]]


def test_a_papers_page_stamp_is_not_part_of_a_title_from_the_lead():
    from jdib.ingest.corpus import parse_document
    doc = parse_document("p", "【2023年2月22日(水)1面】 防衛省によると、大臣は14日の会見で取得計画を説明した。\n次の段落。\n")
    assert not doc.title.startswith("【")
    near_miss = parse_document("q", "【ワシントン共同】米政府は14日、売却を承認した。\n次の段落。\n")
    assert near_miss.title.startswith("【ワシントン共同】") or "米政府" in near_miss.title
