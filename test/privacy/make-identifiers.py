"""Writes test/privacy/identifiers.jsonl: synthetic patient identifiers (none real) inside questions a clinician
would type. Deterministic; re-run with `python3 test/privacy/make-identifiers.py` after changing the templates.
Each line: {"question", "identifiers": [{"kind", "hipaa", "value"}]}. Name parts never occur in knowledge/, so a
name part found anywhere after redaction is a leak, not a coincidence."""
import json, os, random, re

random.seed(14)
ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
kb_words = set()
for d, _, fs in os.walk(os.path.join(ROOT, 'knowledge')):
    for f in fs:
        with open(os.path.join(d, f), encoding='utf8', errors='ignore') as fh:
            kb_words.update(w.lower() for w in re.findall(r"[A-Za-z]+", fh.read()))

FIRST = [n for n in 'Ravi Grace Harold John Amira Siobhan Dylan Priya Mohammed Olumide Agnieszka Dafydd Cerys Fatima Giovanni Ingrid Mateo Aoife Tomasz Keisha Winifred Bartholomew Esther Lucinda Hamish Rhiannon Yusuf Beatrix Ferdinand Imogen'.split() if n.lower() not in kb_words]
LAST = [n for n in 'Patel Adeyemi Fitzwilliam Okonkwo Kowalczyk Nguyen Haverford Llewellyn Castellano Brannigan Oyelaran Szymanski Featherstone Abernathy Pemberton Achterberg Dubreuil Lindqvist Mbeki Ramaswamy Thistlewood Quigley Ashworth Van-Der-Berg Montgomery-Hale Okafor-Reid'.split() if all(p.lower() not in kb_words for p in n.split('-'))]
CLIN = ['on warfarin with an INR of 6, what now?', 'can she have 5 mg apixaban twice daily?', 'what is the sepsis hour-1 bundle?', 'is 1 g paracetamol QDS safe at 48 kg?',
        'needs a potassium of 3.1 replaced, how fast?', 'has a NEWS2 of 7, who do I escalate to?', 'what Waterlow score means high risk?', 'can he have enoxaparin with eGFR 25?',
        'how often should obs be done after a fall?', 'what dose of vancomycin for 70 kg?']
rows = []

def add(q, ids):
    rows.append({'question': q, 'identifiers': [{'kind': k, 'hipaa': h, 'value': v} for k, h, v in ids]})

def name():
    return random.choice(FIRST), random.choice(LAST)

c = lambda: random.choice(CLIN)
# 1 names: titles, lower case after cues, middle initials, hyphenated, possessives, no cue beside a bed.
for i in range(60):
    f, l = name()
    form = i % 12
    if form == 0: add(f'pt {f.lower()} {l.lower()} {c()}', [('name', 1, f.lower()), ('name', 1, l.lower())])
    elif form == 1: add(f'asking for {f.lower()} {l.lower()}, {c()}', [('name', 1, f.lower()), ('name', 1, l.lower())])
    elif form == 2: add(f'Mrs {l} {c()}', [('name', 1, l)])
    elif form == 3: add(f'pt {f} A. {l} {c()}', [('name', 1, f), ('name', 1, l)])
    elif form == 4:
        b = f'bed {random.randint(1, 20)}'
        add(f'{f} {l} in ICU {b} {c()}', [('name', 1, f), ('name', 1, l), ('location', 18, b)])
    elif form == 5: add(f"Is {l}'s INR ok? {c()}", [('name', 1, l)])
    elif form == 6: add(f'Patient {f} {l}-{random.choice(LAST).split("-")[0]} {c()}', [('name', 1, f), ('name', 1, l)])
    elif form == 7: add(f'mr {l.lower()} {c()}', [('name', 1, l.lower())])
    elif form == 8: add(f'Dr {f} {l} asked: {c()}', [('name', 1, f), ('name', 1, l)])
    elif form == 9: add(f'daughter {f} says her mum {c()}', [('name', 1, f)])
    elif form == 10: add(f're {f} {l} - {c()}', [('name', 1, f), ('name', 1, l)])
    else: add(f'{f} {l} {c()}', [('name', 1, f), ('name', 1, l)])
# 2 geography: street addresses (US, UK, Welsh, EU), towns with postcodes, ZIP 5 and 9, UK and EU postcodes.
streets = ['14 Elm Grove', '1600 W Oak St', '7 Heol y Parc', '22 Church Lane', '3 Ffordd y Castell', '45 Maple Avenue', '9 Rue de la Paix', 'Hauptstraße 12', '118 Kingsway Road', '5 Nightjar Close', '27 Station Road', '310 Birch Drive']
for i, s in enumerate(streets * 2):
    add(f'lives at {s}, {c()}' if i % 2 else f'{c()} She lives at {s}.', [('address', 2, s)])
for z in ['90210', '02139', '60614', '73301', '10001', '94103-1234', '30301-0042', '02115-5000']:
    add(f'home zip {z}, {c()}', [('zip', 2, z)])
    add(f'lives in Springfield, IL {z} - {c()}', [('zip', 2, z)])
for p in ['CF10 3AT', 'SW1A 1AA', 'M1 1AE', 'B33 8TH', 'LS1 4DY', 'EH1 2NG', 'SA1 8EN', 'NE1 7RU', 'BT7 1NN', 'G12 8QQ']:
    add(f'{c()} postcode {p}', [('postcode', 2, p)])
    add(f'discharge to Cardiff {p}, {c()}', [('postcode', 2, p)])
# 3 dates: birth (month names, numeric, EU), admission/discharge, ages over 89.
for d in ['03-Nov-1942', '3 November 1942', '12/03/1931', '1929-07-14', '14.07.1929', 'March 3, 1935', '3rd of May 1928', '21/12/33', '7 Jan 1930', '30-Apr-1926']:
    add(f'dob {d}, {c()}', [('dob', 3, d)])
    add(f'born on {d} - {c()}', [('dob', 3, d)])
for d in ['04/05/2024', '12 March 2025', '2025-01-17', '3rd Feb 2025', '28.02.2025']:
    add(f'admitted {d}, {c()}', [('date', 3, d)])
    add(f'discharged on {d} and {c()}', [('date', 3, d)])
for a in ['96 y/o', 'aged 94', '93-year-old', '101 years old', '90 yo', 'age 97', '92yo', '99 yrs old', '104-year-old', '91 year old']:
    add(f'{a} {c()}', [('age', 3, a)])
    add(f'frail {a} woman, {c()}', [('age', 3, a)])
# 4-5 phones and fax: US, UK, +44, EU.
for p in ['+44 7700 900456', '07700 900123', '020 7946 0018', '0161 496 0000', '(555) 123-4567', '555-867-5309', '+1 212 555 0199', '+33 1 23 45 67 89', '+49 30 1234567', '+353 87 123 4567', '06 12 34 56 78', '01632 960123']:
    add(f'call daughter on {p}, {c()}', [('phone', 4, p)])
for p in ['020 7946 0991', '+44 161 496 0123', '(555) 987-6543', '0117 496 0456']:
    add(f'fax the GP on {p} - {c()}', [('fax', 5, p)])
# 6 e-mail, 14 URL, 15 IP.
for e in ['grace.adeyemi@example.com', 'rpatel42@mail.example.org', 'j.fitz@nhs.example.uk', 'mum.of.amira@example.net', 'h.haverford1931@example.co.uk', 'okonkwo_o@example.com']:
    add(f'family email {e}, {c()}', [('email', 6, e)])
for u in ['https://photos.example.com/u/ravi-patel', 'www.example.org/patients/8812', 'http://myblog.example.net/grace-adeyemi']:
    add(f'see {u} {c()}', [('url', 14, u)])
for ip in ['192.168.14.201', '10.20.30.40', '2001:db8:85a3::8a2e:370:7334']:
    add(f'her home monitor at {ip} shows {c()}', [('ip', 15, ip)])
# 7 SSN, 18 national ids (UK NI, EU).
for s in ['123-45-6789', '078-05-1120', '219-09-9999', '457 55 5462']:
    add(f'SSN {s}, {c()}', [('ssn', 7, s)])
for s in ['QQ 12 34 56 C', 'AB123456C', 'RSSMRA85T10A562S', '12345678Z', 'X1234567L', '1234567TA', '850505-1234', '131052-308T', '1 85 05 78 006 084 36', '85.07.30-033.28']:
    add(f'national id {s} - {c()}', [('national_id', 18, s)])
# 8 medical record numbers: MRN, NHS, CHI, hospital/unit numbers.
for m in ['K204871', 'MRN 00482913', 'MRN: 7719203', 'hospital no. H448120', 'unit no. K204871', 'RXH-4412009', 'hosp no 556271']:
    v = m.split()[-1]
    add(f'{m} {c()}', [('mrn', 8, v)])
for n in ['943 476 5919', '9434765919', '401 023 2137', '485 777 3456']:
    add(f'NHS number {n}, {c()}', [('nhs', 8, n)])
    add(f'{c()} nhs no {n}', [('nhs', 8, n)])
for n in ['0101511234', 'CHI 2412851238']:
    add(f'{n} - {c()}', [('mrn', 8, n.split()[-1])])
# 9 health plan numbers, 10 accounts, 11 licences, 12 vehicles, 13 devices.
for m in ['1EG4-TE5-MK73', '5RF7-AB3-CD12', 'member ID XJH4455120', 'medicaid 88123401', 'EHIC 80826000010012345678', 'policy number PLC-99812345']:
    add(f'{m} {c()}', [('insurance', 9, m.split()[-1])])
for a in ['GB82 WEST 1234 5698 7654 32', 'DE89 3704 0044 0532 0130 00', 'account no 41234567', '4111 1111 1111 1111']:
    add(f'bank {a} - {c()}' if not a.startswith('account') else f'{a} - {c()}', [('account', 10, a.split(' no ')[-1])])
for l in ['driving licence MORGA753116SM9IJ', 'passport 533380006', "driver's license D1234567", 'licence no. FITZW801214HF9AB']:
    add(f'{l}, {c()}', [('licence', 11, l.split()[-1])])
for v in ['AB12 CDE', 'WX63 KLM', 'reg BD51 SMR', 'VIN 1HGCM82633A004352', 'plate 7ABC123']:
    add(f'hit by car {v}, {c()}', [('vehicle', 12, v.split()[-1] if v.startswith(('VIN', 'plate')) else v.replace('reg ', ''))])
for d in ['serial PJN123456', 'pacemaker S/N RMX-40012345', 'pump serial no. 77AB9931', 'IMEI 356938035643809', 'device 00:1B:44:11:3A:B7']:
    add(f'{d}, {c()}', [('device', 13, d.split()[-1])])
# 18 locations: beds, bays, side rooms, wards.
for loc in ['Bay 3', 'bed 12', 'side room 4', 'Ward 7B', 'cubicle 9', 'SR2', 'bed 6']:
    add(f'{loc} {c()}', [('location', 18, loc)])
for w in ['Nightingale Ward', 'Rainbow Ward', 'Cedar Ward', 'Lister Ward']:
    add(f'pt on {w}, {c()}', [('location', 18, w.split()[0])])
# Several identifiers in one question, as handover notes are typed.
for i in range(60):
    f, l = name()
    age = random.choice(['aged 93', '95 y/o', '92-year-old', 'age 98'])
    mrn = f'K{random.randint(100000, 999999)}'
    bay = f'Bay {random.randint(1, 6)} bed {random.randint(1, 8)}'
    form = i % 4
    if form == 0: add(f'{bay}, {f} {l}, {age}, unit no. {mrn} - {c()}', [('location', 18, bay), ('name', 1, f), ('name', 1, l), ('age', 3, age), ('mrn', 8, mrn)])
    elif form == 1:
        dob = f'{random.randint(1, 28)}-Mar-19{random.randint(20, 34)}'
        add(f'pt {f.lower()} {l.lower()} {age} dob {dob} {c()}', [('name', 1, f.lower()), ('name', 1, l.lower()), ('age', 3, age), ('dob', 3, dob)])
    elif form == 2:
        ph = f'+44 7700 900{random.randint(100, 999)}'
        add(f'Mr {l} ({age}), son {f} on {ph}: {c()}', [('name', 1, l), ('name', 1, f), ('age', 3, age), ('phone', 4, ph)])
    else:
        ad = f'{random.randint(2, 99)} {random.choice(["Elm", "Oak", "Ash", "Rowan"])} {random.choice(["Grove", "Street", "Lane", "Close"])}'
        mrn = str(random.randint(1000000, 9999999))
        add(f'Mrs {f} {l} from {ad}, MRN {mrn}, {c()}', [('name', 1, f), ('name', 1, l), ('address', 2, ad), ('mrn', 8, mrn)])
# Honorifics and postal codes of the countries the docs list (UK, IE, NL, DE, FR, BE, US, CA, AU): a Dutch name after
# "mevrouw" and an Irish Eircode once reached the store. Surnames here are not in knowledge/ either.
for title, surname in [('mevrouw', 'de Wildenberg'), ('Mevrouw', 'van der Heijkoop'), ('mevr.', 'Bakhuizen'), ('mw.', 'Veldkamp'), ('dhr.', 'Oosterhuis'),
                       ('meneer', 'Kuipersma'), ('Herr', 'Brückenhauer'), ('Frau', 'Weißgerber'), ('Fräulein', 'Oberleitner'), ('Madame', 'Duvernoy'),
                       ('Mademoiselle', 'Chardonnet'), ('M.', 'Lavalette'), ('Monsieur', 'Vandermeulen'), ('Mrs', "O'Shaughnessy"), ('Ms', 'Whitcombe')]:
    parts = [p for p in surname.split() if p[0].isupper()]
    add(f'{title} {surname} {c()}', [('name', 1, p) for p in parts])
for code, form in [('D02 X285', 'Eircode'), ('A65 F4E2', 'bare'), ('T12 XHT9', 'bare'), ('1012 AB', 'nl'), ('3511LH', 'nl'), ('80331', 'de'), ('75008', 'fr'),
                   ('B-1050', 'be'), ('M5V 3L9', 'bare'), ('K1A 0B1', 'bare'), ('NSW 2150', 'bare'), ('VIC 3004', 'bare'), ('CF10 3AT', 'bare'), ('90210', 'us')]:
    if form == 'Eircode': q = f'{c()} Eircode {code}'
    elif form == 'nl': q = f'woont in {code} Zwanenburgwal, {c()}'
    elif form == 'de': q = f'wohnt in {code} Obermenzing - {c()}'
    elif form == 'fr': q = f'habite à {code} Vaugirardeux, {c()}'
    elif form == 'us': q = f'lives in Springfield, IL {code} - {c()}'
    else: q = f'home address code {code}, {c()}' if form == 'be' else f'discharge home to {code}, {c()}'
    add(q, [('postcode', 2, code.split()[-1] if form == 'us' else code)])

with open(os.path.join(os.path.dirname(__file__), 'identifiers.jsonl'), 'w', encoding='utf8') as out:
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False) + '\n')
kinds = {}
for r in rows:
    for x in r['identifiers']:
        kinds[x['kind']] = kinds.get(x['kind'], 0) + 1
print(len(rows), 'questions', sum(kinds.values()), 'identifiers', len(kinds), 'kinds', kinds)
