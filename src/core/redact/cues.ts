/** The cue words name detection (names.ts) reads: titles, patient and family words, eponym heads, ward kinds. */

/**
 * Honorifics of the countries the docs list (UK, IE, US, CA, AU in English; NL and Flemish BE: mevrouw, mevr, mw,
 * meneer, mnr, dhr, heer, mej, juffrouw; DE: Herr, Frau, Fräulein (folded: fraulein), Hr, Frl; FR and Walloon BE: Monsieur, Madame,
 * Mademoiselle, Mme, Mlle, and "M." handled in names.ts). Person titles take the next word in any case
 * ("mevrouw jansen", "mrs baker"); the rest need a capital or other evidence of a name after them.
 */
const PERSON_TITLE_WORDS =
  'mr mrs ms mx mstr mevrouw mevr mw meneer mnr dhr heer mej mejuffrouw juffrouw herr frau fraulein frl hr monsieur madame mademoiselle mme mlle';

export const TITLES_ANY_CASE = new Set(['dr', 'prof', ...PERSON_TITLE_WORDS.split(' ')]);

export const PERSON_TITLES = new Set(PERSON_TITLE_WORDS.split(' '));

/**
 * Particles inside surnames: Dutch and Flemish (van, de, der, den, ter, ten, van 't), German (von, zu, vom), French
 * (de, du, des, la, le), Irish (Ó, Ní, Nic, Mac, Uí), and others the pack's patients carry (di, da, dos, bin, al).
 * After a title they belong to the name: "mevrouw van der Berg" is one name of three words.
 */
export const NAME_PARTICLES = new Set(
  "van de der den ter ten te 't von zu vom du des la le di da dos das del ó o ní ni nic mac uí ui bin ibn al el".split(' '),
);

export const TITLES_CAPITAL = new Set([
  'miss',
  'master',
  'sir',
  'dame',
  'lady',
  'lord',
  'rev',
  'revd',
  'fr',
  'sr',
  'sra',
  'srta',
  'sig',
  'sigra',
  'dott',
  'señor',
  'señora',
  'sister',
  'nurse',
  'doctor',
]);

/** Words after which a name is expected: the patient and their family. */
export const PATIENT_CUES = new Set(
  'pt pts patient patients client resident baby infant son daughter husband wife partner mum mom mother father dad brother sister grandson granddaughter grandmother grandfather nan gran nok kin named called name names patiente paciente patient·e'.split(
    ' ',
  ),
);

/** Weaker cues: "asking for grace adeyemi", "re: ravi patel". A name after them needs more evidence. */
export const WEAK_CUES = new Set('for re regarding about seeing saw visiting visited ask asking'.split(' '));

/** "Fournier's gangrene", "Bell's palsy": a possessive before these words is an eponym, not a patient. */
export const EPONYM_HEADS = new Set(
  (
    'disease diseases syndrome sign signs test tests fracture gangrene palsy phenomenon law triad score solution criteria classification operation ' +
    'procedure position manoeuvre maneuver reflex node nodes cyst tumour tumor ulcer lymphoma sarcoma encephalopathy disorder anomaly canal duct ' +
    'angina space pouch membrane layer cell cells body bodies loop lesion lesions scale index rule method technique approach block incision line ' +
    'triangle ligament formula equation effect hypothesis pattern stain staining arthritis neuralgia neuropathy dystrophy ataxia chorea contracture ' +
    'deformity spots thyroiditis disease-like area sinus tube appendix diverticulum wort algorithm distance model equation'
  ).split(' '),
);

/** Fillers between a cue and the name: "patient named X", "pt is X", "name: X". */
export const FILLERS = new Set(['is', 'was', 'named', 'called', 'of', 'name']);

/** Words that follow "patient" in Title Case and are not names ("Patient Group Directions"). */
export const NOT_NAMES = new Set(
  'safety group groups directions direction controlled information leaflet education experience advice liaison transport record records reported outcome outcomes centred centered care pathway flow portal access services service notes list lists identification id wristband'.split(
    ' ',
  ),
);

/** Words before "ward" that name a kind of ward, not a particular one. */
export const GENERIC_WARD = new Set(
  (
    'medical surgical general acute assessment admissions admission maternity labour labor postnatal antenatal childrens children paediatric pediatric ' +
    'neonatal renal cardiac coronary stroke respiratory oncology haematology hematology orthopaedic orthopedic geriatric elderly care mental psychiatric ' +
    'isolation private day stay observation medicine surgery trauma burns infectious covid dependency rehab rehabilitation palliative hospice transplant ' +
    'vascular urology gynaecology gynecology ent neuro neurology cardiology gastro hepatology female male womens mens mixed side open closed main new ' +
    'old local same another other different previous next home base own short long high low step down intensive critical emergency their his her ' +
    'this that which each every any their a the my our your on to of from back same'
  ).split(' '),
);

/** Bed and ward words: context for a name, never a name themselves ("Bay" is also a first name). */
export const PLACE_WORDS = new Set(
  'bed beds bay bays ward wards room side cubicle cot trolley pod unit icu hdu itu resus majors minors'.split(' '),
);

/** Words in the names list that follow a name and are not part of it ("pt ravi just fell", "john post op"). */
export const COMMON = new Set(
  'just post day said fell due ok okay now still well back home here there today again even more less very much so too bad good fine'.split(
    ' ',
  ),
);

/** French, Spanish and German function words: in those languages an unknown lower-case word is no evidence of a name. */
export const FOREIGN = new Set(
  'de la le les des du un une pour avec dans sur est sont au aux el los las del por para con una der die das und mit ist ein eine für nicht bei'.split(
    ' ',
  ),
);

/**
 * Chat words and clinical shorthand the English list lacks ("pt ok?", "nbm since 6", "prn oramorph"): never names,
 * whatever the knowledge base's own wording.
 */
export const SHORTHAND = new Set(
  (
    'ok okay pls plz thx thanks asap fyi btw obs nbm npo prn tds tid bd bid qds qid od om on stat iv im sc sq po pr sl ng ngt ' +
    'peg rig dnr dnacpr tep sats bp hr rr gcs ecg ekg abg vbg fbc cbc ue lfts lft crp esr inr aptt hb wcc plt egfr bnp trop ck ' +
    'hx pmh dx ddx tx rx sx fx hrs mins wks mths yrs yo ed ae amu mau sdec gp ooh icu hdu itu ccu ent ot slt mdt ' +
    'mane nocte mcg mmol mls kgs abx iabx ivabx tazocin augmentin oramorph oxynorm oramorphine paracetamol'
  ).split(' '),
);

/**
 * A crew's shorthand typed in lower case ("atropine for brady", "pt tachy", "epi for peds"): clinical words, though
 * some are surnames too. Capitalised ("Tom Brady") they are read as any other word.
 */
export const LOWER_SHORTHAND = new Set(
  (
    'brady tachy afib vfib vtach vf vt svt pea asystole rosc cpr bls als ems medic medics peds paeds ob neb nebs epi ' +
    'narcan versed zofran benadryl sob cp loc ams etoh gsw mvc mva fx'
  ).split(' '),
);
