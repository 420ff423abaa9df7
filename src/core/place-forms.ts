/**
 * Countries (UN members and a few places in the news as often) with the adjective and demonym forms news uses for
 * them, so that a story named "syrian crisis" finds articles about Syria and one named "iran" finds "Iranian". Plurals
 * ("Syrians") are left to stemming. Forms shared by two countries (e.g. "guinean") are kept with one of them only;
 * forms that are common words in English ("chad" aside, "turkey", "jordan", "china") are countries first in news.
 *
 * Format: `country:form,form`; words in lower case, diacritics removed.
 */
const TABLE = `
afghanistan:afghan,afghani
albania:albanian
algeria:algerian
andorra:andorran
angola:angolan
antigua:antiguan
argentina:argentine,argentinian,argentinean
armenia:armenian
australia:australian,aussie
austria:austrian
azerbaijan:azerbaijani,azeri
bahamas:bahamian
bahrain:bahraini
bangladesh:bangladeshi
barbados:barbadian
belarus:belarusian,belarussian
belgium:belgian
belize:belizean
benin:beninese
bhutan:bhutanese
bolivia:bolivian
bosnia:bosnian
botswana:botswanan,motswana
brazil:brazilian
brunei:bruneian
bulgaria:bulgarian
burkina faso:burkinabe
burundi:burundian
cambodia:cambodian
cameroon:cameroonian
canada:canadian
cape verde:cape verdean
chad:chadian
chile:chilean
china:chinese
colombia:colombian
comoros:comoran,comorian
congo:congolese
costa rica:costa rican
croatia:croatian,croat
cuba:cuban
cyprus:cypriot
czechia:czech
denmark:danish,dane
djibouti:djiboutian
dominica:dominican
ecuador:ecuadorian,ecuadorean
egypt:egyptian
el salvador:salvadoran,salvadorean
eritrea:eritrean
estonia:estonian
eswatini:swazi
ethiopia:ethiopian
fiji:fijian
finland:finnish,finn
france:french
gabon:gabonese
gambia:gambian
georgia:georgian
germany:german
ghana:ghanaian
greece:greek
grenada:grenadian
guatemala:guatemalan
guinea:guinean
guyana:guyanese
haiti:haitian
honduras:honduran
hungary:hungarian
iceland:icelandic,icelander
india:indian
indonesia:indonesian
iran:iranian
iraq:iraqi
ireland:irish
israel:israeli
italy:italian
ivory coast:ivorian
jamaica:jamaican
japan:japanese
jordan:jordanian
kazakhstan:kazakh,kazakhstani
kenya:kenyan
kiribati:i-kiribati
kosovo:kosovan,kosovar
kuwait:kuwaiti
kyrgyzstan:kyrgyz
laos:lao,laotian
latvia:latvian
lebanon:lebanese
lesotho:basotho
liberia:liberian
libya:libyan
liechtenstein:liechtensteiner
lithuania:lithuanian
luxembourg:luxembourgish,luxembourger
madagascar:malagasy
malawi:malawian
malaysia:malaysian
maldives:maldivian
mali:malian
malta:maltese
mauritania:mauritanian
mauritius:mauritian
mexico:mexican
micronesia:micronesian
moldova:moldovan
monaco:monegasque
mongolia:mongolian
montenegro:montenegrin
morocco:moroccan
mozambique:mozambican
myanmar:burmese,burma
namibia:namibian
nauru:nauruan
nepal:nepali,nepalese
netherlands:dutch,holland
new zealand:new zealander
nicaragua:nicaraguan
niger:nigerien
nigeria:nigerian
north korea:north korean
north macedonia:macedonian
norway:norwegian
oman:omani
pakistan:pakistani
palau:palauan
palestine:palestinian
panama:panamanian
papua new guinea:papua new guinean
paraguay:paraguayan
peru:peruvian
philippines:filipino,philippine
poland:polish
portugal:portuguese
qatar:qatari
romania:romanian
russia:russian
rwanda:rwandan
samoa:samoan
san marino:sammarinese
saudi arabia:saudi
senegal:senegalese
serbia:serbian,serb
seychelles:seychellois
sierra leone:sierra leonean
singapore:singaporean
slovakia:slovak,slovakian
slovenia:slovenian,slovene
solomon islands:solomon islander
somalia:somali
south africa:south african
south korea:south korean
south sudan:south sudanese
spain:spanish,spaniard
sri lanka:sri lankan
sudan:sudanese
suriname:surinamese
sweden:swedish,swede
switzerland:swiss
syria:syrian
taiwan:taiwanese
tajikistan:tajik,tajikistani
tanzania:tanzanian
thailand:thai
timor leste:timorese,east timor
togo:togolese
tonga:tongan
trinidad:trinidadian
tunisia:tunisian
turkey:turkish,turk,turkiye
turkmenistan:turkmen
tuvalu:tuvaluan
uganda:ugandan
ukraine:ukrainian
united arab emirates:emirati,uae
united kingdom:british,briton,britain
united states:american
uruguay:uruguayan
uzbekistan:uzbek,uzbekistani
vanuatu:vanuatuan,ni-vanuatu
venezuela:venezuelan
vietnam:vietnamese
yemen:yemeni
zambia:zambian
zimbabwe:zimbabwean
`;

/** A place and all its forms, each as its words. */
export interface PlaceForms {
  /** Every form (country name first), as lower-case words. */
  forms: string[][];
}

function parse(table: string): Map<string, PlaceForms> {
  const byForm = new Map<string, PlaceForms>();
  for (const line of table.split('\n')) {
    const [country, rest] = line.split(':');
    if (!country || rest === undefined) continue;
    const place: PlaceForms = { forms: [country, ...rest.split(',')].map((f) => f.split(/[\s-]+/).filter(Boolean)) };
    for (const f of place.forms) {
      const key = f.join(' ');
      if (!byForm.has(key)) byForm.set(key, place);
    }
  }
  return byForm;
}

const BY_FORM = parse(TABLE);
/** Strips a plural "s" the table does not list ("syrians" → "syrian"), only when the singular is a form. */
function singular(key: string): string {
  return !BY_FORM.has(key) && key.endsWith('s') && BY_FORM.has(key.slice(0, -1)) ? key.slice(0, -1) : key;
}

/** The place a sequence of lower-case words names ("syrian", "south sudanese", "syrians"), or null. */
export function placeOf(words: readonly string[]): PlaceForms | null {
  return BY_FORM.get(singular(words.join(' '))) ?? null;
}
