import { describe, expect, it } from 'vitest'
import { cleanText, isPronounceable, moneyWords, namedNumberWords, normalize, romanValue } from '../../../electron/engine/text/normalize'
import { EngineError } from '../../../electron/engine/types'

const cases: [string, string][] = [
  // The brief's tricky inputs
  ['Dr. Smith paid $3.50 on 1/2/2024 at 10:30',
    'Doctor Smith paid three dollars and fifty cents on January second, twenty twenty-four at ten thirty'],
  ['the 21st century', 'the twenty-first century'],
  ['COVID-19', 'COVID nineteen'],
  ['I read it', 'I read it'],
  ["It's 5% off, isn't it?", "It's five percent off, isn't it?"],
  ['He was born in 1999.', 'He was born in nineteen ninety-nine.'],
  ['Call 911', 'Call nine one one'],
  ['$1,000,000', 'one million dollars'],
  ['3.14', 'three point one four'],
  ['e.g. this', 'for example this'],
  ['the U.S. army', 'the U S army'],
  // Numbers
  ['1,234,567', 'one million two hundred thirty-four thousand five hundred sixty-seven'],
  ['-5 and .5 and 0.25', 'minus five and point five and zero point two five'],
  ['1999 people came', 'one thousand nine hundred ninety-nine people came'],
  ['in 2005 and 2024', 'in two thousand five and twenty twenty-four'],
  ['between 1990 and 1995', 'between nineteen ninety and nineteen ninety-five'],
  ['from 1990 to 1995', 'from nineteen ninety to nineteen ninety-five'],
  ['1990-1995', 'nineteen ninety to nineteen ninety-five'],
  ['the class of 2024.', 'the class of twenty twenty-four.'],
  ['a total of 1999 votes', 'a total of one thousand nine hundred ninety-nine votes'],
  ['In the 1800s', 'In the eighteen hundreds'],
  ["the '90s", 'the nineties'],
  ['1,000th and 23rd and 2nd', 'one thousandth and twenty-third and second'],
  ['0800 and 007', 'zero eight zero zero and zero zero seven'],
  ['1/2 cup, 3/4', 'half a cup, three quarters'],
  ['A 1/2 inch pipe, a 1/4 mile, only 1/4 of them', 'A half inch pipe, a quarter mile, only one quarter of them'],
  ['At 1/2 the price, cut 1/2 an inch.', 'At half the price, cut half an inch.'],
  // A unit's abbreviation period inside a sentence is no sentence end; at the end it stays.
  ['Available in 12 oz. and 16 oz. sizes. It weighs 5 lbs. Then add 2 tsp., then stir.', 'Available in twelve ounce and sixteen ounce sizes. It weighs five pounds. Then add two teaspoons, then stir.'],
  ['Rated by 10k+ users. Wind NW at 10-15 mph, strong NW winds.', 'Rated by ten thousand plus users. Wind northwest at ten to fifteen miles per hour, strong northwest winds.'],
  ["Listen to Ep. 5 and Eps. 3-4; see § 5 and §§ 3-5. It costs ~$50. Results in Q1'24.", 'Listen to Episode five and Episodes three to four; see section five and sections three to five. It costs about fifty dollars. Results in Q one twenty twenty-four.'],
  ['Over 2/3rds agreed. Run an A/B test on the I/O and TCP/IP stack.', 'Over two thirds agreed. Run an A B test on the I O and T C P I P stack.'],
  // A run of abbreviated days or months keeps the full stop that ends its sentence (it ran on).
  ['Open 9am-5pm, Mon-Fri. Closed Sat. Q1 is Jan-Mar. Then Q2. Mon.-Fri. 9-5', 'Open nine A M to five P M, Monday to Friday. Closed Saturday. Q one is January to March. Then Q two. Monday to Friday nine to five'],
  ['In the year 2525. The year 1999 was fun.', 'In the year twenty-five twenty-five. The year nineteen ninety-nine was fun.'],
  ['24/7', 'twenty-four seven'],
  ['1.2.3', 'one point two point three'],
  ['12345678901234567890123', 'one two three four five six seven eight nine zero one two three four five six seven eight nine zero one two three'],
  // Money, percentages, units
  ['$0.99', 'ninety-nine cents'],
  ['$1.00', 'one dollar'],
  ['£5 and €10 and $1M', 'five pounds and ten euros and one million dollars'],
  ['£3.50', 'three pounds and fifty pence'],
  ['€2.5bn', 'two point five billion euros'],
  ['-$5', 'minus five dollars'],
  ['$5/hour', 'five dollars per hour'],
  ['100%', 'one hundred percent'],
  ['It rose 5‰ today.', 'It rose five per mille today.'],
  ['10^100 and 2^2 and 3^3', 'ten to the power of one hundred and two squared and three cubed'],
  ['5kg at 30°C', 'five kilograms at thirty degrees Celsius'],
  // A unit after a degree sign ends a sentence as any word does (it was taken for an initial, "F. Scott").
  ['It is 98.6°F. Set the oven to 350°F.', 'It is ninety-eight point six degrees Fahrenheit. Set the oven to three hundred fifty degrees Fahrenheit.'],
  ['It was 30 °C. Stay inside.', 'It was thirty degrees Celsius. Stay inside.'],
  ['12 ÷ 4 = 3 and 2 × 3', 'twelve divided by four equals three and two times three'],
  ['1 ft, 6 ft', 'one foot, six feet'],
  ['100 km/h', 'one hundred kilometers per hour'],
  // Times and dates
  ['10:00', "ten o'clock"],
  ['7:05 pm', 'seven oh five P M'],
  ['meet at 9am', 'meet at nine A M'],
  ['7 a.m. Then', 'seven A M. Then'],
  ['10:30:15', 'ten thirty and fifteen seconds'],
  ['2024-01-02', 'January second, twenty twenty-four'],
  ['1/2/24', 'January second, twenty twenty-four'],
  ['Sept. 11, 2001', 'September eleventh, two thousand one'],
  ['May 5th, 2024', 'May fifth, twenty twenty-four'],
  ['on 3 March', 'on the third of March'],
  ['the 5th of May', 'the fifth of May'],
  ['the 1st, 2nd and 3rd of May', 'the first, second and third of May'],
  // The sentence's full stop after the month stays (the two sentences ran on without their pause).
  ["It's the 1st of May. Then we left on 5 June. On 5 Jan. the shop opens.", "It's the first of May. Then we left on the fifth of June. On the fifth of January the shop opens."],
  ['555-1234', 'five five five, one two three four'],
  // A bracketed area code after the 1, and numbers with a trunk zero in spaced groups, group by group.
  ['Call (555) 123 4567 or (555) 123.4567.', 'Call five five five, one two three, four five six seven or five five five, one two three, four five six seven.'],
  ['Up 3 pp this year, 0.5pp since May; see pp. 45-50.', 'Up three percentage points this year, zero point five percentage points since May; see pages forty-five to fifty.'],
  ['Call 1 (800) 555-1234 or 07700 900123 or 020 7946 0958.', 'Call one, eight hundred, five five five, one two three four or zero seven seven zero zero, nine zero zero one two three or zero two zero, seven nine four six, zero nine five eight.'],
  // Abbreviations
  ['Mr. and Mrs. Smith', 'Mister and Missus Smith'],
  ['Main St. and St. Louis', 'Main Street and Saint Louis'],
  // House numbers in pairs, as addresses are read aloud (was "one hundred twenty-three").
  ['123 Main St.', 'one twenty-three Main Street.'],
  ['She lives at 221B Baker Street, 4500 Elm Ave. Then take Rt. 66 to 10 Downing Street.', 'She lives at two twenty-one B Baker Street, forty-five hundred Elm Avenue. Then take Route sixty-six to ten Downing Street.'],
  ['Elm Dr.', 'Elm Drive.'],
  ['Gen. Patton vs. them', 'General Patton versus them'],
  ['apples, etc. Then pears etc. and more', 'apples, et cetera. Then pears et cetera and more'],
  ['i.e. that', 'that is that'],
  ['J. R. R. Tolkien wrote', 'J R R Tolkien wrote'],
  ['No. 5', 'number five'],
  ['Ph.D. student', 'P H D student'],
  // Symbols, alphanumerics, acronyms
  ['AT&T R&D', 'A T and T R and D'],
  ['C++ and C#', 'C plus plus and C sharp'],
  ['key=value', 'key equals value'],
  ['email me at john.doe@example.com', 'email me at john dot doe at example dot com'],
  // URLs as announcers read them: no scheme, no "www", no query string or fragment, no IDs
  ['Visit https://www.example.com/pricing, or www.voicefill.app.', 'Visit example dot com slash pricing, or voicefill dot app.'],
  ['See https://shop.example.com/products?id=12345&ref=newsletter&utm_source=email now.', 'See shop dot example dot com slash products now.'],
  ['Read example.com/blog/how-to-record/index.html#top or youtu.be/dQw4w9WgXcQ.', 'Read example dot com slash blog slash how to record slash index dot html or youtu dot be.'],
  ['Go to example.com/2024/05/launch and http://localhost:3000/api', 'Go to example dot com slash twenty twenty-four slash oh five slash launch and localhost colon three thousand slash api'],
  ['#blessed @user', 'blessed at user'],
  ['MP3 and B2B', 'M P three and B two B'],
  ['XQZ', 'X Q Z'],
  ['NASA and the FBI', 'NASA and the F B I'],
  ['GPUs', "G P U's"],
  ['AI and ML', 'A I and M L'],
  ['HELP US NOW', 'HELP US NOW'],
  ["rock'n'roll and don't", "rock'n'roll and don't"],
  ['well-known', 'well-known'],
  // Characters
  ['“Hello” — she said…', '"Hello" — she said...'],
  ['naïve façade, Straße', 'naive facade, Strasse'],
  ['ＦＵＬＬ width', 'FULL width'],
  ['I ❤️ you', 'I love you'],
  ['½ cup', 'half a cup'],
  // Roman numerals, only where the context makes them numbers
  ['Chapter IV begins.', 'Chapter four begins.'],
  ['World War II ended.', 'World War two ended.'],
  ['World War I began.', 'World War one began.'],
  ['Super Bowl LVII', 'Super Bowl fifty-seven'],
  ['Henry VIII had six wives.', 'Henry the eighth had six wives.'],
  ["Henry VIII's wives", "Henry the eighth's wives"],
  ['Pope John Paul II visited.', 'Pope John Paul the second visited.'],
  ['Then Henry I said no.', 'Then Henry I said no.'],
  ['the part I played', 'the part I played'],
  ['Malcolm X spoke.', 'Malcolm X spoke.'],
  ['Give IV fluids.', 'Give I V fluids.'],
  ['Insert the CD.', 'Insert the C D.'],
  // Ranges: a period after them, units, percentages, money and times on either side
  ['He read pages 10-20.', 'He read pages ten to twenty.'],
  ['The score was 3-2.', 'The score was three to two.'],
  ['in 2020-21.', 'in twenty twenty to twenty-one.'],
  ['It was 10-20 km.', 'It was ten to twenty kilometers.'],
  ['5–10 km', 'five to ten kilometers'],
  ['3.5-4.5 kg', 'three point five to four point five kilograms'],
  ['10-15% off', 'ten to fifteen percent off'],
  ['10%-20%', 'ten percent to twenty percent'],
  ['$5-$10 each', 'five dollars to ten dollars each'],
  ['$5–$10 each', 'five dollars to ten dollars each'],
  ['9am-5pm', 'nine A M to five P M'],
  ['3:30-4:30', 'three thirty to four thirty'],
  ['call 555-1234', 'call five five five, one two three four'],
  ['2024-01-02', 'January second, twenty twenty-four'],
  // Four-digit numbers with no cue are years unless they count something
  ['1999 was a great year.', 'nineteen ninety-nine was a great year.'],
  ['The 2024 election', 'The twenty twenty-four election'],
  ['Copyright 2024', 'Copyright twenty twenty-four'],
  ['(2019)', '(twenty nineteen)'],
  ['Q4 2024', 'Q four twenty twenty-four'],
  ['1234 apples', 'one thousand two hundred thirty-four apples'],
  ['about 1500 people', 'about one thousand five hundred people'],
  ['1500 of them', 'one thousand five hundred of them'],
  ['page 1999', 'page one thousand nine hundred ninety-nine'],
  ['It costs 2000 dollars', 'It costs two thousand dollars'],
  // Pages, more units, British times
  ['see p. 45 and pp. 10-12.', 'see page forty-five and pages ten to twelve.'],
  ['a 100m race, 5 mi, 2 L and 5g of salt', 'a one hundred meter race, five miles, two liters and five grams of salt'],
  ['at 9.30am', 'at nine thirty A M'],
  // Powers, day.month.year dates, international phone numbers, European thousands
  ['2² is 4 and x³', 'two squared is four and x cubed'],
  ['on 12.04.2026 we', 'on the twelfth of April twenty twenty-six we'],
  ['call +1 555 123 4567', 'call plus one, five five five, one two three, four five six seven'],
  ['1.000.000 euros, version 1.2.3', 'one million euros, version one point two point three'],
  // Session 17's text QA: saints and doctors after capitalised words, streets ending a sentence
  ['In St. Louis we met at St. Mary\'s.', 'In Saint Louis we met at Saint Mary\'s.'],
  ['Mount St. Helens and John St. Clair', 'Mount Saint Helens and John Saint Clair'],
  ['The Dr. will see you now.', 'The Doctor will see you now.'],
  ['Dr. Smith lives on Elm Dr. in town.', 'Doctor Smith lives on Elm Drive in town.'],
  ['He lives on Main St. Then we left.', 'He lives on Main Street. Then we left.'],
  // Characters NFKC would misread, markup and stage directions
  ['1½ cups and ¾ of it', 'one and a half cups and three quarters of it'],
  ['pro\u00ADnun\u00ADci\u00ADa\u00ADtion by Acme™', 'pronunciation by Acme'],
  ['№ 1 of 1\u2009000\u2009000, 2 500 000 and 100 200 300', 'number one of one million, two million five hundred thousand and one hundred two hundred three hundred'],
  ['5 µs, π and Δt', 'five microseconds, pi and delta t'],
  ['[laughs] Hello <b>there</b> [00:01:23]', 'Hello there'],
  // Initialisms: three capitals, short words in capitals, capital runs inside words; numbered titles
  ['I love NYC and the GOP, a DIY kit and the CLI.', 'I love N Y C and the G O P, a D I Y kit and the C L I.'],
  ['the IT dept. and UPS in 800 AD', 'the I T department and U P S in eight hundred A D'],
  ['ChatGPT and OpenAI use MySQL on macOS', 'Chat G P T and Open A I use My S Q L on mac O S'],
  ['Rocky III and Final Fantasy VII, an IV', 'Rocky three and Final Fantasy seven, an I V'],
  ['I am SO tired. HELP US NOW', 'I am SO tired. HELP US NOW'],
  // Numbers with slashes, operators, scales, heights, other dollars, cents, extensions
  ['9/11 and 7/11, 1/100 and 50-50', 'nine eleven and seven eleven, one one hundredth and fifty fifty'],
  ['16:9 and 4x4, 5 * 3 = 15', 'sixteen to nine and four by four, five times three equals fifteen'],
  ['1.5M users, 2B views and a 5m rope', 'one point five million users, two billion views and a five meter rope'],
  ['He is 5\'11" tall', 'He is five foot eleven tall'],
  ['US$5, C$10 and 50¢', 'five U S dollars, ten Canadian dollars and fifty cents'],
  ['10 EUR or 5.50 USD for a CT scan', 'ten euros or five dollars and fifty cents for a C T scan'],
  ['call ext. 204 now', 'call extension two zero four now'],
  // Session 18: numbered titles and regnal numbers, "IV" the sequel vs the drip, a lone regnal "I" vs the pronoun
  ['Rocky IV was released in 1985.', 'Rocky four was released in nineteen eighty-five.'],
  ['I loved Rocky IV, and Star Wars Episode IV.', 'I loved Rocky four, and Star Wars Episode four.'],
  ['Give him an IV drip. Start IV antibiotics. Hospital IV fluids', 'Give him an I V drip. Start I V antibiotics. Hospital I V fluids'],
  ['Elizabeth I was queen. Elizabeth I ruled England.', 'Elizabeth the first was queen. Elizabeth the first ruled England.'],
  ["Queen Elizabeth I died. Henry I of England, Elizabeth I's navy", "Queen Elizabeth the first died. Henry the first of England, Elizabeth the first's navy"],
  ['the reign of Elizabeth I.', 'the reign of Elizabeth the first.'],
  // Paired with another ruler's numeral, or ending the text (a heading), a lone "I" is regnal too.
  ['Elizabeth I and Elizabeth II', 'Elizabeth the first and Elizabeth the second'],
  ['Francis I of France, Isabella II of Spain, Margaret II of Denmark, King Abdullah II; Malcolm X spoke.', 'Francis the first of France, Isabella the second of Spain, Margaret the second of Denmark, King Abdullah the second; Malcolm X spoke.'],
  // In single-quoted speech the quote is no part of the name, nor of the numeral ("'Louis XIV'" was "ziv").
  ["'Henry VIII was king,' she said. 'Louis XIV' is a name. She said 'XQZ' twice.", "'Henry the eighth was king, ' she said. 'Louis the fourteenth' is a name. She said 'X Q Z' twice."],
  // A generational suffix after a given name and a surname is an ordinal; a game's title stays a cardinal.
  ['Martin Luther King III spoke. Henry Ford II. Street Fighter II and Grand Theft Auto IV.', 'Martin Luther King the third spoke. Henry Ford the second. Street Fighter two and Grand Theft Auto four.'],
  ['Henry VIII and Mary I were Tudors. Charles I or Charles II?', 'Henry the eighth and Mary the first were Tudors. Charles the first or Charles the second?'],
  ['When I met Elizabeth I and Tom left.', 'When I met Elizabeth I and Tom left.'],
  ['Elizabeth is here. When I met Elizabeth I was nervous. Mary I need help.', 'Elizabeth is here. When I met Elizabeth I was nervous. Mary I need help.'],
  // A lone "I" after a name opening a sentence needs a ruler's verb or words after "was"
  ['Mary I was so worried. Mary I loved it. Mary I never said that.', 'Mary I was so worried. Mary I loved it. Mary I never said that.'],
  ['Mary I was crowned in 1553. Elizabeth I was the last Tudor. Henry I died. Elizabeth I never married.', 'Mary the first was crowned in fifteen fifty-three. Elizabeth the first was the last Tudor. Henry the first died. Elizabeth the first never married.'],
  ['Louis XIV and Henry VIII. I went home.', 'Louis the fourteenth and Henry the eighth. I went home.'],
  ['Grand Theft Auto V is out, and Rocky V too. Malcolm X spoke on Mac OS X.', 'Grand Theft Auto five is out, and Rocky five too. Malcolm X spoke on Mac O S X.'],
  // "IT" in capitals: the pronoun for emphasis before a past tense or as "IT's a", else the initialism
  ['IT was a scary movie. Just do IT. IT\'s a trap!', 'IT was a scary movie. Just do IT. IT\'s a trap!'],
  ['The IT department, she works in IT. Ask IT. IT support is down.', 'The I T department, she works in I T. Ask I T. I T support is down.'],
  ["IT will never ask for your password. IT's budget grew.", "I T will never ask for your password. I T's budget grew."],
  // Opening a sentence before a verb it is the pronoun, unless the predicate is the department's
  ['IT is coming. "IT is here," she said. IT follows.', 'IT is coming. "IT is here, " she said. IT follows.'],
  ['IT is aware of the outage. IT can help. IT has been notified. IT is down.', 'I T is aware of the outage. I T can help. I T has been notified. I T is down.'],
  // A lead-in word leaves "IT" opening its sentence; the department's predicates still win.
  ['So IT is coming. And IT follows you. So IT is aware of the outage.', 'So IT is coming. And IT follows you. So I T is aware of the outage.'],
  ['Oh no, IT is coming! Sorry, IT is closed today. After lunch, IT will reset it.', 'Oh no, IT is coming! Sorry, I T is closed today. After lunch, I T will reset it.'],
  // Shouted, "IT" is the pronoun unless a determiner or a department word makes it the initialism.
  ['The WHO said so. WHO guidelines changed. WHO IS THERE?', 'The W H O said so. W H O guidelines changed. WHO IS THERE?'],
  // A question asks who: "WHO said that?" is the pronoun stressed, not the organisation.
  ['Who are you? WHO said that? Does the WHO know?', 'Who are you? WHO said that? Does the W H O know?'],
  // Before "of" a/b is a share, even after a score's verb.
  ['She scored 3/4 of the points and got 3/4 right.', 'She scored three quarters of the points and got three out of four right.'],
  ['SO IT IS COMING. DEAL WITH IT! THE IT DEPARTMENT IS CLOSED. ASK IT SUPPORT.', 'SO IT IS COMING. DEAL WITH IT! THE I T DEPARTMENT IS CLOSED. ASK I T SUPPORT.'],
  // Scientific notation is a number; hexadecimal and binary literals are codes read character by character
  ['1e3 items, 2.5e-3 kg and 6.02E+23', 'one times ten to the power of three items, two point five times ten to the power of minus three kilograms and six point zero two times ten to the power of twenty-three'],
  ['0x10 is 16, 0xFF and 0b1010', 'zero x one zero is sixteen, zero x F F and zero b one zero one zero'],
  ['Model 3e and a 4x4', 'Model three e and a four by four'],
  // Dates with no year: a day over 12 settles the order; otherwise a cue word makes a US month/day
  ['Meet on 5/12. Sale ends 5/31!', 'Meet on May twelfth. Sale ends May thirty-first!'],
  ['12/25 is Christmas, on 25/12 and 13/12.', 'December twenty-fifth is Christmas, on the twenty-fifth of December and the thirteenth of December.'],
  ['25/12/2026 and on the 25/12/2026', 'the twenty-fifth of December twenty twenty-six and on the twenty-fifth of December twenty twenty-six'],
  ['5/12 of the students, 12/15 students, 1/3 and 24/7, on 9/11', 'five twelfths of the students, twelve out of fifteen students, one third and twenty-four seven, on nine eleven'],
  ['a 3/16 inch bolt, due 3/16', 'a three sixteenths inch bolt, due March sixteenth'],
  // Numbers that are codes or names, by the word before them
  ['flight 1234 and Flight BA 117 from gate 12', 'flight twelve thirty-four and Flight B A one seventeen from gate twelve'],
  ['room 1205, Room #305, rooms 101-110 and suite 1200', 'room twelve oh five, Room number three oh five, rooms one oh one to one ten and suite twelve hundred'],
  ['ZIP 90210, zip code 90210-1234, Beverly Hills, CA 90210', 'ZIP nine oh two one oh, zip code nine oh two one oh, one two three four, Beverly Hills, California, nine oh two one oh'],
  // The state by name, as an address is read aloud; after a written name the five digits are a ZIP code too.
  ['Write to CA 90210.', 'Write to California, nine oh two one oh.'],
  ['Portland, OR 97201. Portland, Oregon 97201. Washington, DC 20500-0003', 'Portland, Oregon, nine seven two oh one. Portland, Oregon, nine seven two oh one. Washington, D C, two oh five oh oh, oh oh oh three'],
  ['PIN 4821, your PIN: 0482 and SSN 123-45-6789', 'PIN four eight two one, your PIN: zero four eight two and S S N one two three, four five, six seven eight nine'],
  ['a Boeing 747 and an Airbus A380', 'a Boeing seven forty-seven and an Airbus A three eighty'],
  // Boeing models without the maker: after a determiner or before an aircraft word; a count stays a count.
  ['The 747 landed. She flew a 787 to Tokyo. The 737 MAX was grounded. Two 747s landed.', 'The seven forty-seven landed. She flew a seven eighty-seven to Tokyo. The seven thirty-seven MAX was grounded. Two seven forty-sevens landed.'],
  ['We sold 747 units. The 747 passengers left. The 747 to 800 range.', 'We sold seven hundred forty-seven units. The seven hundred forty-seven passengers left. The seven hundred forty-seven to eight hundred range.'],
  ['The 747-400 and a 777-300ER; the A380 is big.', 'The seven forty-seven four hundred and a seven seventy-seven three hundred E R; the A three eighty is big.'],
  ['the room had 1500 books. I stayed in room. 1999 was fun.', 'the room had one thousand five hundred books. I stayed in room. nineteen ninety-nine was fun.'],
  // A heart between words, statute-named plans, day and month ranges, hours, currency codes
  ['I ❤ NY. Made with ♥ in Berlin. Thanks! ❤️', 'I love N Y. Made with love in Berlin. Thanks!'],
  ['401(k) and 403(b) plans, a 501(c)(3)', 'four oh one K and four oh three B plans, a five oh one C three'],
  ['Open Mon-Fri 9am-5pm, Mon – Fri, Sat & Sun, Mon/Wed/Fri', 'Open Monday to Friday nine A M to five P M, Monday to Friday, Saturday and Sunday, Monday, Wednesday, Friday'],
  ['Fri 9am, Mon 5/12, Jan-Mar 2024. We wed on Sat. The Sun rose.', 'Friday nine A M, Monday May twelfth, January to March twenty twenty-four. We wed on Saturday. The Sun rose.'],
  ['open 24h, a 2h 30m film', 'open twenty-four hours, a two hours thirty minutes film'],
  ['5 USD, USD 5, 20 CHF, CAD 20, AUD 3.50, EUR 2.5bn', 'five dollars, five dollars, twenty Swiss francs, twenty Canadian dollars, three Australian dollars and fifty cents, two point five billion euros'],
  // Session 18's probe of voiceover copy: the worst readings
  ['She lives at 221B Baker Street. 1.5M users', 'She lives at two twenty-one B Baker Street. one point five million users'],
  ['Call me at 555.123.4567.', 'Call me at five five five, one two three, four five six seven.'],
  ['The event runs Jun 5-7. May 1-3, 2024', 'The event runs June fifth to seventh. May first to third, twenty twenty-four'],
  ['Your code is 482 913. Your PIN is 4821. The room is 12 feet wide.', 'Your code is four eight two nine one three. Your PIN is four eight two one. The room is twelve feet wide.'],
  ['Rated 4.5/5, rated 4/5 and 9/10 dentists; 3/4 cup', 'Rated four point five out of five, rated four out of five and nine out of ten dentists; three quarters of a cup'],
  ['1080p at 60fps, 0-60 in 3.1s, 2 tbsp, 1 tsp, 100 Mbps, 1205 sq ft', 'ten eighty P at sixty frames per second, zero to sixty in three point one seconds, two tablespoons, one teaspoon, one hundred megabits per second, one thousand two hundred five square feet'],
  ['The meeting is on Wed. See you Sat! Open Mon. and Tue. only', 'The meeting is on Wednesday. See you Saturday! Open Monday and Tuesday only'],
  ['Sat down. The Sun rose. Sun Microsystems', 'Sat down. The Sun rose. Sun Microsystems'],
  ['Follow us #TTS #AI. THE FBI IS HERE', 'Follow us T T S A I. THE FBI IS HERE'],
  ['Apt. 4B, Room 12B. Revenue hit 2B.', 'Apartment four B, Room twelve B. Revenue hit two billion.'],
  ['Call 1-800-FLOWERS or 1-800-555-0199.', 'Call one, eight hundred, flowers or one, eight hundred, five five five, zero one nine nine.'],
  ["Windows 10/11. That's a 10/10. BP was 120/80.", "Windows ten slash eleven. That's a ten out of ten. B P was one hundred twenty over eighty."],
  ['Between 5-10 years old, 100s of users and 1000s of downloads', 'Between five and ten years old, hundreds of users and thousands of downloads'],
  ['Suite 400, 123 Main St., Springfield, IL 62704', 'Suite four hundred, one twenty-three Main Street, Springfield, Illinois, six two seven oh four'],
  ['1600 Pennsylvania Ave NW, Washington, DC 20500. Take Hwy 101.', 'sixteen hundred Pennsylvania Avenue Northwest, Washington, D C, two oh five oh oh. Take Highway one oh one.'],
  ['Press Ctrl+C, then Cmd+V. Thx for watching! Pls subscribe. Up 3.5x YoY, b/c w/o', 'Press Control plus C, then Command plus V. Thanks for watching! Please subscribe. Up three point five times year over year, because without'],
  ['Check the T&Cs. €12/user/month or €9.99/mo.', "Check the T and C's. twelve euros per user per month or nine euros and ninety-nine cents per month."],
  ['Go to Settings > Privacy > Location. If x > 5', 'Go to Settings, Privacy, Location. If x greater than five'],
  ['8:00 PM EST, CO2 emissions', 'eight P M E S T, C O two emissions'],
  ['4.8★ and ★★★★☆ reviews. ★ New!', 'four point eight stars and four stars reviews. New!'],
  ['Posted 5m ago, 2 hrs ago, 1d ago. Sale ends in 3d 4h. Height: 5 ft 10 in.', 'Posted five minutes ago, two hours ago, one day ago. Sale ends in three days four hours. Height: five feet ten inches.'],
  ['Download v3.2 today. The F-150; take I-405. A B-52, a 3D printer, 10 in stock', 'Download version three point two today. The F one fifty; take I four oh five. A B fifty-two, a three D printer, ten in stock'],
  // Third probe: recipes, screens, 24-hour times, hashtags, short codes
  ['Mix in 1 1/2 cups, 2 3/4 tsp, 3/4 tsp and 1/2 oz; 1 1/2', 'Mix in one and a half cups, two and three quarters teaspoons, three quarters of a teaspoon and half an ounce; one and a half'],
  ['Resolution: 1920x1080. Dimensions: 10 x 20 x 30 cm. It is 3x faster.', 'Resolution: nineteen twenty by ten eighty. Dimensions: ten by twenty by thirty centimeters. It is three times faster.'],
  ['A 27" monitor, a 6.1" screen. It is 3" long. She said "take 5" and left.', 'A twenty-seven inch monitor, a six point one inch screen. It is three inches long. She said "take five" and left.'],
  ['at 14:00, 09:00 and 09:30, but 10:00', "at fourteen hundred, oh nine hundred and oh nine thirty, but ten o'clock"],
  ['#100DaysOfCode and #1. Text HELLO to 55555. S2E3', 'one hundred Days Of Code and number one. Text HELLO to five five five five five. season two, episode three'],
  // Negatives: context that keeps the older readings
  ['On 1/2 of the days. Mon Amour. The code is 404 lines long.', 'On one half of the days. Mon Amour. The code is four hundred four lines long.'],
  // Fourth probe: news and e-learning copy
  ['She joined in Jan. 2019. Take I-5 S to exit 12B.', 'She joined in January twenty nineteen. Take I five S to exit twelve B.'],
  ['Gold hit €2,400/oz. The Fed cut rates by 25 bps; inflation is 3.2% y/y.', 'Gold hit two thousand four hundred euros per ounce. The Fed cut rates by twenty-five basis points; inflation is three point two percent year over year.'],
  ['Claims fell to 210K, 1.5k followers, a 4K TV, a 10K race, a 5K run.', 'Claims fell to two hundred ten thousand, one point five thousand followers, a four K T V, a ten K race, a five K run.'],
  // A race after a running verb keeps its K; under ten, money and counts are thousands.
  ['She ran the 10K. He won a 15K. She ran 10K steps. The salary is 20 K, or 20K.', 'She ran the ten K. He won a fifteen K. She ran ten thousand steps. The salary is twenty thousand, or twenty thousand.'],
  ['He earns 5K a month, has 5K followers, and signed up for the 5K.', 'He earns five thousand a month, has five thousand followers, and signed up for the five K.'],
  // m:ss after a word that times something is a time taken; "at 22:15" stays a clock time.
  ['I ran 5 km in 22:15. The meeting is at 22:15.', 'I ran five kilometers in twenty-two minutes and fifteen seconds. The meeting is at twenty-two fifteen.'],
  ['She ran the 10K in 45:30, a time of 41:05. The marathon in 3:45, the mile in 4:00.', 'She ran the ten K in forty-five minutes and thirty seconds, a time of forty-one minutes and five seconds. The marathon in three forty-five, the mile in four flat.'],
  // No clock has an hour over 24: a verse in pairs ("forty: thirty-one" before), whole minutes.
  ['Check in 15:00, check out 11:00.', "Check in fifteen hundred, check out eleven o'clock."],
  ['Start time 10:30:15. Finish time 3:45:12.', 'Start time ten thirty and fifteen seconds. Finish time three hours, forty-five minutes and twelve seconds.'],
  ['Start time 10:30, arrival time 14:45, finish time 22:15.', 'Start time ten thirty, arrival time fourteen forty-five, finish time twenty-two minutes and fifteen seconds.'],
  ['Isaiah 40:31. The film lasts 95:00.', 'Isaiah forty thirty-one. The film lasts ninety-five minutes.'],
  ['Winds from the NW at 15 mph. Contact HR at ext. 4357.', 'Winds from the northwest at fifteen miles per hour. Contact H R at extension four three five seven.'],
  // Fifth probe: date ranges, spaced phone numbers, team names, amounts as adjectives
  ['Sale: 11/24–11/27. Valid 6/1-6/30. From 24/12-26/12. Week of 3/10.', 'Sale: November twenty-fourth to November twenty-seventh. Valid June first to June thirtieth. From the twenty-fourth of December to the twenty-sixth of December. Week of March tenth.'],
  ['Call 555 123 4567. The 49ers and the 76ers. H1 2024 results, FY 2025.', 'Call five five five, one two three, four five six seven. The forty-niners and the seventy-sixers. H one twenty twenty-four results, F Y twenty twenty-five.'],
  ['A €10 bill, the £500 fee, a €1M deal; a €10 or €20 note, the €3.50 coffee; I paid €10 for it.', 'A ten euro bill, the five hundred pound fee, a one million euro deal; a ten euros or twenty euros note, the three euros and fifty cents coffee; I paid ten euros for it.'],
  ['the 2h mark, a 5kg bag, the 10 km to go, the 3 GB left, each 500 mg tablet, a 512GB SSD', 'the two hour mark, a five kilogram bag, the ten kilometers to go, the three gigabytes left, each five hundred milligram tablet, a five hundred twelve gigabyte S S D'],
  // Session 19: numbers before measure words, Hamlet in digits, film formats, band names
  // Floor areas in whole hundreds are said as listings read them; other areas and measures stay cardinals.
  ['The house is 1100 sq ft, 1,500 sq ft with the loft; a 2400 square foot home; 1000 sq ft.', 'The house is eleven hundred square feet, fifteen hundred square feet with the loft; a twenty-four hundred square foot home; one thousand square feet.'],
  ['The house is 1205 square feet, 1500 cubic yards, 2000 metric tons.', 'The house is one thousand two hundred five square feet, one thousand five hundred cubic yards, two thousand metric tons.'],
  ['2B or not 2B, that is the question. Revenue hit 2B.', 'two B or not two B, that is the question. Revenue hit two billion.'],
  ['I shot it on 35mm film with a 50mm lens; a 35-mm camera, 5MB files, 200g flour', 'I shot it on thirty-five millimeter film with a fifty millimeter lens; a thirty-five millimeter camera, five megabyte files, two hundred grams of flour'],
  ['Blink-182 played, then Sum-41. The F-150.', 'Blink one eighty-two played, then Sum forty-one. The F one fifty.'],
  // Session 19's probe of voiceover, podcast and tutorial copy
  ['Add ½ tsp salt and ½ cup sugar.', 'Add half a teaspoon of salt and half a cup of sugar.'],
  // A kitchen measure before an ingredient is read "of" it; a measure used as an adjective, or of no ingredient, is not.
  ['Mix 2 cups flour, 1 1/2 cups sugar, 2 tbsp olive oil. A 500g bag of rice. I lost 5 lbs today.', 'Mix two cups of flour, one and a half cups of sugar, two tablespoons of olive oil. A five hundred gram bag of rice. I lost five pounds today.'],
  ['She ran the marathon in 3:45:12. The video is 1:02:03 long. Meet at 10:30:15.', 'She ran the marathon in three hours, forty-five minutes and twelve seconds. The video is one hour, two minutes and three seconds long. Meet at ten thirty and fifteen seconds.'],
  ['Subscribe & hit the 🔔! Press the ▶ button. Great 🔥', 'Subscribe and hit the bell! Press the play button. Great'],
  ['The meeting is at 9am PST / 12pm EST. Export at 24-bit / 96 kHz. Windows 10/11', 'The meeting is at nine A M P S T, twelve P M E S T. Export at twenty-four bit, ninety-six kilohertz. Windows ten slash eleven'],
  ['It costs €1.299,00 or 9,99 € in Germany.', 'It costs one thousand two hundred ninety-nine euros or nine euros and ninety-nine cents in Germany.'],
  ['Text "JOIN" to 12345. Visit booth #1234.', 'Text "JOIN" to one two three four five. Visit booth number twelve thirty-four.'],
  ['WWII ended in 1945; WW1 began in 1914. The TL;DR: iOS and iPadOS.', 'World War Two ended in nineteen forty-five; World War One began in nineteen fourteen. The T L D R: I O S and iPad O S.'],
  ['The room is 20 ft x 15 ft. It charges at 100W, 5V and 500mA.', 'The room is twenty feet by fifteen feet. It charges at one hundred watts, five volts and five hundred milliamps.'],
  ['Live at 8 PM ET. FYI: the ROI of SEO in LA.', 'Live at eight P M E T. F Y I: the R O I of S E O in L A.'],
  ['Salary: $80k–$100k. He scored 30 pts. Prices in ¥ and ₹ vary; $ 5.', 'Salary: eighty thousand dollars to one hundred thousand dollars. He scored thirty points. Prices in yen and rupees vary; five dollars.'],
  ['Adjust by ±3 dB, ≈ 5%, 2 ≤ x. Use the → arrow key. Go to File → Export.', 'Adjust by plus or minus three decibels, about five percent, two less than or equal to x. Use the right arrow key. Go to File, Export.'],
  ["Rock 'n' roll, fish ’n’ chips", 'Rock and roll, fish and chips'],
  ["It's 00:30, 00:05 and 00:00. A Porsche 911; Section 230.", "It's zero zero thirty, zero zero oh five and midnight. A Porsche nine eleven; Section two thirty."],
  // Tutorial and tech copy
  ['The API returns a 404 error. My IP is 192.168.1.1. Open localhost:8080 or Node.js v20.', 'The A P I returns a four oh four error. My I P is one nine two dot one six eight dot one dot one. Open localhost colon eighty eighty or Node dot js version twenty.'],
  ['Hit ⌘+S. Press Ctrl + Alt + Del. Download the .zip file and the README.', 'Hit Command plus S. Press Control plus Alt plus Delete. Download the zip file and the read me.'],
  ["Wait 30s, refresh every 45s; she's in her 30s; 10s of thousands.", "Wait thirty seconds, refresh every forty-five seconds; she's in her thirties; tens of thousands."],
  ["He's 25yo, a 25yo man. The dog is 3 yrs old. We have 50K MAUs on 8 H100s. GPT-4o", "He's twenty-five years old, a twenty-five year old man. The dog is three years old. We have fifty thousand MAUs on eight H one hundred's. G P T four oh"],
  ["(laughs) That's it. *sigh* Okay (see chart). My 401k and the B-52s.", "That's it. Okay (see chart). My four oh one K and the B fifty-two's."],
  ["Ping 10.0.0.1. He said it was fine.It wasn't. Use node.js.", "Ping ten dot zero dot zero dot one. He said it was fine. It wasn't. Use node dot js."],
  // A measure used as an adjective is singular: whole minutes, sizes, and a pair before one noun.
  ['A 45:00 session, a 30:00 workout. It ran 95:00. Class at 10:00.', 'A forty-five minute session, a thirty minute workout. It ran ninety-five minutes. Class at ten o\'clock.'],
  ['16 oz. sizes, 5 lb bags, 64 GB models. Add 2 cups water.', 'sixteen ounce sizes, five pound bags, sixty-four gigabyte models. Add two cups of water.'],
  ['a 5 km or 10 km run, a 3/4 majority. It is 5 km and 10 km from here.', 'a five kilometer or ten kilometer run, a three quarters majority. It is five kilometers and ten kilometers from here.'],
  // "3X" after a verb of growth or before a comparative is "times"; a product's or a zoom's stays the letter.
  ['Sales grew 3X. It is 10X faster, up to 5X more, 2X the price. The iPhone 3X, a 3X zoom, a 10X engineer.', 'Sales grew three times. It is ten times faster, up to five times more, two times the price. The iPhone three X, a three X zoom, a ten X engineer.'],
  // "$35+" with no noun after it is "or more"; before a plural noun "plus".
  ['Orders of $35+ ship free. Spend $35+. Earn $100k+ salaries on 10+ years.', 'Orders of thirty-five dollars or more ship free. Spend thirty-five dollars or more. Earn one hundred thousand dollars plus salaries on ten plus years.'],
  // Five digits after "ship to"/"mail to" are a ZIP code, unless they count what follows.
  ['Ship to 97201. Mail to 02139 or 10001 by Friday. We ship to 10000 people.', 'Ship to nine seven two oh one. Mail to oh two one three nine or one oh oh oh one by Friday. We ship to ten thousand people.'],
  // A probe of 60 script lines: chapters and rooms by name, weather inches, gallons, inch sizes, graphics cards.
  ['Read Ch. 3 tonight in Rm. 204. Storms bring 2-4 in. of rain, then 1 in. of snow.', 'Read Chapter three tonight in Room two oh four. Storms bring two to four inches of rain, then one inch of snow.'],
  ['The TV is 65 in. wide and 2 in. deep. Sign in. Then go.', 'The T V is sixty-five inches wide and two inches deep. Sign in. Then go.'],
  ['Gas is $3.49/gal; fill 5 gal jugs, it holds 10 gal. A 1/4" hex key, 3" pieces, 27" wide.', 'Gas is three dollars and forty-nine cents per gallon; fill five gallon jugs, it holds ten gallons. A quarter inch hex key, three inch pieces, twenty-seven inches wide.'],
  ['An RTX 4090 or a GTX 1080', 'An R T X forty ninety or a G T X ten eighty'],
  // A state's code after "City, " with no ZIP code is said by name; codes that are words or degrees are not.
  ['Born in Chicago, IL and raised in Austin, TX. Jane Smith, MD. Yes, OK. Hi, CA is nice.', 'Born in Chicago, Illinois and raised in Austin, Texas. Jane Smith, M D. Yes, O K. Hi, C A is nice.'],
  // Listing, recipe, promo and spec shorthand.
  ['The 2,400 sq. ft. home has 3 bd, 2 ba. It has 900 sq. ft. Then we left.', 'The twenty-four hundred square foot home has three bedrooms, two bathrooms. It has nine hundred square feet. Then we left.'],
  ['Add 1/2 c. diced onion and 2 c. milk. Tune in at 8/7c. Join 2M+ listeners.', 'Add half a cup diced onion and two cups of milk. Tune in at eight, seven central. Join two million plus listeners.'],
  ['A 200MP camera, a 12 MP sensor, 35 mpg.', 'A two hundred megapixel camera, a twelve megapixel sensor, thirty-five miles per gallon.'],
  // "bp" is basis points, and a measure after a possessive describes the noun after it.
  ["After the Fed's 50 bp hike, rates rose 25 bp. Apple's 5 GB plan. It's 5 GB total. Mom's 2 cups sugar.", "After the Fed's fifty basis point hike, rates rose twenty-five basis points. Apple's five gigabyte plan. It's five gigabytes total. Mom's two cups of sugar."],
  // An address or company abbreviation before a capitalised word opening a clause keeps its full stop.
  ['4500 Elm Ave. Take Rt. 66.', 'forty-five hundred Elm Avenue. Take Route sixty-six.'],
  ['Meet me on Main St. Bring snacks. Park on Sunset Dr. Walk in.', 'Meet me on Main Street. Bring snacks. Park on Sunset Drive. Walk in.'],
  ['He lives at 12 Oak Rd. Call him. Acme Inc. Makes widgets. Apples, etc. Bring a bag.', 'He lives at twelve Oak Road. Call him. Acme Incorporated. Makes widgets. Apples, et cetera. Bring a bag.'],
  // …and only then: titles, names and an address that carries on stay whole.
  ['Call Dr. Smith. Drive to Mount St. Helens. Go to St. Louis.', 'Call Doctor Smith. Drive to Mount Saint Helens. Go to Saint Louis.'],
  ['123 Main St. Suite 4, the Main St. Station, 9 Elm Ave. NW', 'one twenty-three Main Street Suite four, the Main Street Station, nine Elm Avenue Northwest'],
  ['Martin Luther King Jr. Day. Acme Inc. President John Smith. The U.S. Army', 'Martin Luther King Junior Day. Acme Incorporated President John Smith. The U S Army'],
  ['The Wayne Corp. Board met. Visit 100 Market St. San Francisco, CA 94105 or 9 Elm Ave. Springfield, Illinois.', 'The Wayne Corporation Board met. Visit one hundred Market Street, San Francisco, California, nine four one oh five or nine Elm Avenue, Springfield, Illinois.'],
  ['He lives on Main St. Yesterday, John called. On Sunday St. Mary\'s choir sang.', 'He lives on Main Street. Yesterday, John called. On Sunday Saint Mary\'s choir sang.'],
]

describe('normalize', () => {
  it.each(cases)('%s', (input, expected) => expect(normalize(input)).toBe(expected))

  it('reads well-formed Roman numerals only', () => {
    expect(['I', 'IV', 'IX', 'XIV', 'XLIX', 'MCMXC', 'MMMCMXCIX'].map(romanValue)).toEqual([1, 4, 9, 14, 49, 1990, 3999])
    expect(['', 'IIII', 'VX', 'IC', 'MMMM', 'iv'].map(romanValue)).toEqual([null, null, null, null, null, null])
  })

  it('names the script of the first non-Latin character', () => {
    expect(() => normalize('Привет мир')).toThrow(/Cyrillic.*"П" U\+041F/)
    expect(() => normalize('hello 你好')).toThrow(/Chinese \(Han\).*"你"/)
    expect(() => normalize('مرحبا')).toThrow(/Arabic/)
    expect(() => normalize('こんにちは')).toThrow(/Hiragana/)
    try {
      normalize('Привет')
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError)
      expect((e as EngineError).code).toBe('BAD_TEXT')
      expect((e as EngineError).message).not.toContain('\n')
    }
  })
})

describe('normalize helpers', () => {
  it('cleans Unicode', () => {
    expect(cleanText('a\u200Bb  \n c')).toBe('ab c')
    expect(cleanText('1990–1995 and a – b')).toBe('1990-1995 and a — b')
    expect(cleanText('don’t')).toBe("don't")
  })

  it('reads money amounts', () => {
    expect(moneyWords('$', '3.5')).toBe('three dollars and fifty cents')
    expect(moneyWords('$', '0.01')).toBe('one cent')
    expect(moneyWords('$', '3.499')).toBe('three point four nine nine dollars')
    expect(moneyWords('¥', '1.5')).toBe('one point five yen')
    expect(moneyWords('$', '2', 'k')).toBe('two thousand dollars')
  })

  it('says a number that names something in pairs', () => {
    expect(['7', '42', '305', '447', '300', '1205', '1234', '1200', '2000', '2005', '0482', '12345'].map(namedNumberWords)).toEqual([
      'seven', 'forty-two', 'three oh five', 'four forty-seven', 'three hundred', 'twelve oh five', 'twelve thirty-four',
      'twelve hundred', 'two thousand', 'twenty oh five', 'oh four eight two', 'one two three four five',
    ])
  })

  it('decides which capitals can be read as a word', () => {
    expect(isPronounceable('COVID')).toBe(true)
    expect(isPronounceable('BLORF')).toBe(true)
    expect(isPronounceable('XQZ')).toBe(false)
    expect(isPronounceable('GPU')).toBe(false)
    expect(isPronounceable('HTML')).toBe(false)
  })
})

describe('normalize: long words', () => {
  it('reads a long word in linear time, and still splits a capital run off a word ("ChatGPT", "iPadOS")', () => {
    // The capital-run pattern split a lower-case run every possible way: 30 letters took 8 s, and a
    // script line with a 44-letter word hung `say` for minutes.
    const word = `Supercalifragilisticexpialidociousness${'x'.repeat(40)}`
    const started = performance.now()
    expect(normalize(`${word} is long.`)).toBe(`${word} is long.`)
    expect(normalize(`${'abcdefghij'.repeat(6)}is`)).toBe(`${'abcdefghij'.repeat(6)}is`)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(normalize('iPadOS and ChatGPT')).toBe('iPad O S and Chat G P T')
  })
})
