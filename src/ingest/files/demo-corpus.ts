import type { NewArticle } from '../../core/article.ts';

/**
 * A small demo corpus written for this project so a first `npm start` shows a real brief. It is SAMPLE DATA:
 * invented reports about plausible events, attributed to invented outlets whose names say "sample". Publication
 * times are relative to the moment it is loaded, so the default 24-hour brief has something to say.
 */
interface DemoArticle {
  hoursAgo: number;
  source: string;
  slug: string;
  title: string;
  body: string;
}

const DEMO: DemoArticle[] = [
  {
    hoursAgo: 3,
    source: 'Sample Wire',
    slug: 'syria-border-crossing-reopens',
    title: 'Syria and Jordan reopen Nasib crossing to trucks after two-month closure',
    body: `Syria and Jordan reopened the Nasib-Jaber border crossing to commercial trucks on Tuesday after a two-month closure, officials on both sides said.

The first convoy of 40 trucks carrying fruit and vegetables crossed into Jordan shortly after dawn, according to the Jordanian interior ministry.

Traders on both sides welcomed the decision, saying the closure had cost exporters millions of dollars.

The crossing had been shut in September after clashes between smuggling gangs and border guards.

Syrian officials said passenger traffic would resume next week if security arrangements hold.`,
  },
  {
    hoursAgo: 5,
    source: 'Demo Gazette (sample)',
    slug: 'jordan-syria-trucks-cross',
    title: 'Trucks roll again at Jordan-Syria border',
    body: `Jordan and Syria reopened the Nasib-Jaber crossing to commercial trucks on Tuesday, ending a two-month closure.

A convoy of 40 trucks loaded with produce was the first to cross, the Jordanian interior ministry said.

The closure began in September after armed clashes near the border.

Farmers in southern Syria said the reopening came just in time for the citrus harvest.`,
  },
  {
    hoursAgo: 7,
    source: 'Example Times (sample)',
    slug: 'nasib-crossing-trade',
    title: 'Border reopening offers relief to Syrian exporters',
    body: `The reopening of the Nasib-Jaber crossing between Syria and Jordan to commercial trucks on Tuesday offers relief to exporters hit by a two-month closure.

Economists estimate that trade through the crossing was worth about $400 million a year before the war.

Jordanian officials said inspections would be tightened to stop drug smuggling, which prompted the original closure.

The United Nations said the crossing is also vital for humanitarian deliveries to southern Syria.`,
  },
  {
    hoursAgo: 20,
    source: 'Sample Wire',
    slug: 'syria-aleppo-power-plant',
    title: 'Power returns to parts of Aleppo as repaired plant restarts',
    body: `Electricity returned to several districts of Aleppo on Monday after engineers restarted a power plant damaged during the war, Syrian state media reported.

The plant's first unit now supplies about 200 megawatts, enough for roughly eight hours of power a day in the city's eastern districts.

Residents said it was the first time in years that their neighbourhoods had power in the evening.

The repairs were funded by a loan from a regional development bank, according to the electricity ministry.`,
  },
  {
    hoursAgo: 30,
    source: 'Placeholder Post (sample)',
    slug: 'syria-returnees-unhcr',
    title: 'UN agency says refugee returns to Syria rose sharply this year',
    body: `More than 500,000 Syrian refugees have returned home from neighbouring countries this year, the UN refugee agency said on Sunday.

Most returned from Turkey, Lebanon and Jordan, the agency said, warning that many found their homes destroyed.

The agency appealed for more funding for shelter and water projects in return areas, saying its Syria programme was only 30 percent funded.

Aid groups said winter would be especially hard for families living in damaged buildings.`,
  },
  {
    hoursAgo: 4,
    source: 'Demo Gazette (sample)',
    slug: 'sudan-ceasefire-talks-jeddah',
    title: 'Sudan ceasefire talks resume in Jeddah',
    body: `Delegations from Sudan's army and the Rapid Support Forces resumed ceasefire talks in Jeddah on Tuesday, Saudi and US mediators said.

The mediators said the talks would focus first on a humanitarian truce to let aid reach besieged towns in Darfur and Kordofan.

Previous rounds collapsed after both sides accused each other of violating short truces.

Aid agencies say nearly 25 million people in Sudan need food assistance.`,
  },
  {
    hoursAgo: 6,
    source: 'Sample Wire',
    slug: 'sudan-talks-humanitarian-truce',
    title: 'Sudan warring parties back at table in Jeddah',
    body: `Sudan's army and the paramilitary Rapid Support Forces returned to ceasefire talks in Jeddah on Tuesday, according to Saudi and US mediators.

The first goal is a humanitarian truce that would let convoys reach besieged towns in Darfur, the mediators said.

The army's delegation is led by a senior general, while the RSF sent its deputy commander.`,
  },
  {
    hoursAgo: 26,
    source: 'Example Times (sample)',
    slug: 'el-fasher-aid-convoy',
    title: 'Aid convoy reaches El Fasher for the first time in months',
    body: `A UN aid convoy of 15 trucks reached El Fasher in North Darfur on Monday, the first to enter the city in months, the World Food Programme said.

The trucks carried flour, lentils and medical supplies for about 40,000 people.

Aid workers said the needs in the city far exceed what one convoy can deliver.

The World Food Programme urged both sides to guarantee safe passage for further convoys.`,
  },
  {
    hoursAgo: 50,
    source: 'Placeholder Post (sample)',
    slug: 'sudan-cholera',
    title: 'Cholera cases climb in Sudan camps, health officials warn',
    body: `Health officials in Sudan reported more than 1,200 new cholera cases in displacement camps over the past week.

The outbreak is worst in camps near Tawila, where clean water is scarce, the health ministry said.

Doctors Without Borders said it had opened two new treatment centres and needed more staff.`,
  },
  {
    hoursAgo: 9,
    source: 'Sample Wire',
    slug: 'black-sea-grain-shipments',
    title: 'Grain shipments from Ukrainian ports reach monthly high',
    body: `Grain exports from Ukraine's Black Sea ports reached their highest monthly level this year in October, the agriculture ministry said on Tuesday.

Ships carried about 4.2 million tonnes of grain and oilseeds from Odesa-area ports, the ministry said.

Insurers said war-risk premiums for ships calling at the ports had fallen slightly since the summer.`,
  },
  {
    hoursAgo: 33,
    source: 'Demo Gazette (sample)',
    slug: 'odesa-port-drone-attack',
    title: 'Drone attack damages grain silo near Odesa',
    body: `A drone attack overnight damaged a grain silo at a port near Odesa, Ukrainian officials said on Monday.

No one was hurt, but about 3,000 tonnes of wheat were destroyed, the regional governor said.

Port operations resumed within hours, according to the port authority.`,
  },
  {
    hoursAgo: 60,
    source: 'Example Times (sample)',
    slug: 'eu-syria-sanctions-review',
    title: 'EU ministers to review remaining Syria sanctions',
    body: `European Union foreign ministers will review the bloc's remaining sanctions on Syria at a meeting next month, diplomats said on Saturday.

Several member states want to ease restrictions on banking to speed up reconstruction, while others want to keep pressure on individuals accused of abuses.

The EU lifted most economic sanctions on Syria earlier this year.`,
  },
];

/** Label that marks every demo article. */
export const DEMO_LABEL = 'sample data written for the Sitrep demo, not real news';

/** The demo articles with times relative to `now`. */
export function demoArticles(now: Date): NewArticle[] {
  return DEMO.map((d) => ({
    url: `https://demo.sitrep.invalid/${d.slug}`,
    title: d.title,
    source: d.source,
    publishedAt: new Date(now.getTime() - d.hoursAgo * 3_600_000),
    language: 'en',
    body: d.body,
  }));
}

/** Stories the demo tracks. */
export const DEMO_STORIES: { name: string; aliases: string[] }[] = [
  { name: 'syria', aliases: ['damascus', 'aleppo'] },
  { name: 'sudan', aliases: ['darfur', 'rapid support forces'] },
  { name: 'ukraine', aliases: ['odesa', 'black sea'] },
];
