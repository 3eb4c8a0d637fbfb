/**
 * The phrases by which a sentence states a relationship of each vocabulary type, as regular expressions
 * over the folded sentence (lower case, plain quotes and dashes). A type whose phrase appears in a sentence
 * with two entities whose kinds the vocabulary allows for it (server/domain/vocabulary.ts, graph-seed/
 * vocabulary.json) becomes a proposed claim. Kept as data: one line per type, read by claim-proposer.ts.
 */

/** Per relationship type, its trigger phrases (word-bounded by the proposer). */
export const CLAIM_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  HOSTS_BASE: ['hosts?', 'hosting', 'home to', 'base (?:in|on)', 'military base', 'bases? on (?:its|their) (?:soil|territory)'],
  OPERATES: ['operates?', 'runs?', 'base', 'bases', 'military base', 'stationed'],
  DEPLOYS_TO: ['deploy(?:s|ed|ing|ment)?', 'attached to', 'station(?:s|ed)?', 'patrol(?:s|led|ling)?', 'sent', 'send(?:s|ing)?', 'host(?:s|ed|ing)?', 'access to', 'presence'],
  TRAINS_WITH: ['(?:joint )?exercises?', 'drills?', 'train(?:s|ed|ing)? with', 'training'],
  EQUIPS: ['equip(?:s|ped|ping|ment)?', 'weapons', 'arms', 'supplie[sd]', 'suppl(?:y|ies) of', 'delivere?d?', 'hardware', 'helicopters?', 'vehicles'],
  PROTECTS: ['protect(?:s|ed|ion|or)?', 'guarantor', 'security', 'defen[cs]e', 'defend(?:s|ed)?', 'guard(?:s|ed|ing)?', 'shield'],
  RECRUITS: ['recruit(?:s|ed|ing|ment)?'],
  PAYS_REMITTANCES: ['remittances?', 'money (?:sent|transfers?)', 'migrants? send'],
  LENDS_TO: ['loans?', 'lend(?:s|ing)?', 'lent', 'credit', 'debt'],
  INVESTS_IN: ['invest(?:s|ed|ing|ment|ments|or|ors)?'],
  TRADES_WITH: ['trad(?:e|es|ed|ing)', 'trade partner', 'turnover'],
  EXPORTS_TO: ['exports?', 'exported', 'sells?', 'supplies'],
  PROVIDES_AID: ['aid', 'assistance', 'grants?', 'donat(?:e|es|ed|ion)', 'provided', 'provides?', 'help(?:s|ed)?', 'support'],
  FUNDS: ['fund(?:s|ed|ing)?', 'financ(?:e|es|ed|ing)', 'pa(?:y|ys|id) for', 'sponsor(?:s|ed)?'],
  FUNDS_FORUM: ['fund(?:s|ed|ing)?', 'sponsor(?:s|ed)?', 'financ(?:e|es|ed|ing)'],
  BUILDS: ['buil(?:d|ds|t|ding)', 'construct(?:s|ed|ing|ion)?', 'erect(?:ed)?'],
  DEPENDS_ON: ['depend(?:s|ent|ence|ency)?(?: on)?', 'reliant', 'relies', 'rely'],
  DIVERTS_WATER_FROM: ['divert(?:s|ed|ing)?', 'water from', 'draws? water'],
  ALLY_OF: ['all(?:y|ies|ied)', 'alliance', 'strategic partner'],
  COOPERATES_WITH: ['cooperat(?:e|es|ed|ing|ion)', 'partner(?:s|ship)?', 'ties', 'relations', 'work(?:s|ed)? (?:together|with)', 'agreed'],
  COURTS: ['court(?:s|ed|ing)?', 'flirt(?:s|ed|ing)?', 'woo(?:s|ed|ing)?', 'overtures?', 'improve ties', 'rapprochement', 'seeks? (?:closer|better)', 'closer ties', 'reach(?:ed|ing)? out', 'flirt'],
  RECOGNIZES: ['recogni[sz](?:e|es|ed|ing|tion)'],
  DEMANDS: ['demand(?:s|ed|ing)?', 'press(?:es|ed|ing|ure)?', 'insist(?:s|ed)?', 'urge[sd]?', 'call(?:s|ed) on', 'asked', 'wants?', '(?:said|says) (?:that )?[a-z]+ (?:should|must)'],
  THREATENS: ['threat(?:en|ens|ened|ening)?', 'warn(?:s|ed)?'],
  SIGNED: ['sign(?:s|ed|ing)?', 'concluded'],
  NEGOTIATES: ['negotiat(?:e|es|ed|ing|ions?)', 'talks', 'discuss(?:es|ed|ing|ions?)?'],
  COVERS: ['base', 'presence', 'governs?', 'regulat(?:e|es|ed)', 'on the'],
  VISITED: ['visit(?:s|ed|ing)?', 'trip', 'travel(?:l?ed|s)?', 'arrived', 'came to', 'went to', 'delegations?', 'toured?'],
  MEMBER_OF: ['member(?:s|ship)?', 'join(?:s|ed|ing)?', 'accession', 'ally in', 'part of', 'belongs?'],
  ORGANIZES: ['organi[sz](?:e|es|ed|ing|er|ers)', 'host(?:s|ed|ing)?', 'convene[sd]?', 'launch(?:es|ed)?', 'initiat(?:e|ed|ive)'],
  PARTICIPATES_IN: ['participat(?:e|es|ed|ing|ion)', 'took part', 'takes? part', 'attend(?:s|ed|ing)?', 'joined', 'speakers?', 'at the', 'conducted', 'exercises?', 'fought', 'held'],
  INFLUENCES: ['influence', 'presence', 'clout', 'leverage', 'sway', 'dominan(?:t|ce)', 'sphere', 'grip', 'hold', 'power'],
  SUPPORTS: ['support(?:s|ed|ing)?', 'back(?:s|ed|ing)?', 'endorse[sd]?', 'welcome[sd]?'],
  OPPOSES: ['oppos(?:e|es|ed|ing|ition)', 'against', 'hostile', 'ban(?:s|ned)?', 'reject(?:s|ed)?', 'fight(?:s|ing)?', 'fought', 'attack(?:s|ed)?', 'refuse[sd]?', 'crack(?:down|ed down)', 'arrest(?:s|ed)?', 'concern(?:s|ed)?', 'fear(?:s|ed)?', 'wary'],
  PURSUES: ['pursu(?:e|es|ed|ing)', 'polic(?:y|ies)', 'strategy', 'aims?', 'follow(?:s|ed)?', 'adopt(?:s|ed)?'],
  PRIORITIZES: ['priorit(?:y|ies|ize|izes|ized|ise)', 'focus(?:es|ed)?', 'attention', 'key partner', 'main partner', 'major (?:trade )?partner'],
  CONTROLS: ['control(?:s|led)?', 'state-run', 'state-owned', 'owns?', 'owned'],
  LEADS: ['lead(?:s|er|ers|ing)?', '(?<!-)led', 'head(?:s|ed)?', 'president', 'chairman', 'commander', 'rule[sd]?', 'ruler', 'chief', 'prime minister'],
  WORKS_FOR: ['minister', 'spokes(?:man|woman|person)', 'official', 'ambassador', 'director', 'head of', 'general', 'analyst', 'expert', 'adviser', 'advisor', 'chief', 'deputy', 'officer', 'correspondent', 'of the'],
  ADVISES: ['advis(?:e|es|ed|er|or)'],
  AFFILIATED_WITH: ['close to', 'ties to', 'associate', 'affiliated', 'loyal(?:ist)?', 'ally of'],
  SUCCEEDED: ['succe(?:ed|eded|ssor)', 'replace[sd]?', 'took over'],
  RATIFIED: ['ratif(?:y|ied|ies|ication)'],
  AFFECTS: ['affect(?:s|ed)?', 'trigger(?:s|ed)?', 'led to', 'caus(?:e|es|ed)', 'spark(?:s|ed)?', 'hit', 'result(?:ed)? in', 'impact'],
  PART_OF: ['part of', 'of the', 'within', 'member', 'unit', 'division'],
  CAPITAL_OF: ['capital'],
  SEAT_OF: ['seat', 'headquarter(?:s|ed)'],
  LOCATED_IN: ['in', 'based in', 'located', 'near', 'outside', 'region', 'province'],
  BORDERS: ['border(?:s|ing)?', 'neighbou?r(?:s|ing)?', 'frontier'],
  TOOK_PLACE_IN: ['in', 'held', 'took place', 'venue'],
  WORKS_IN: ['migrants?', 'work(?:s|ers|ing)? in', 'labou?r', 'living in', 'live in', 'for work', 'travel to', 'remittances'],
  NATIONAL_OF: ['citizens?', 'nationals?', 'migrants?'],
  CHILD_OF: ['son', 'daughter', 'father', 'mother'],
  REPORTS_ON: ['report(?:s|ed|ing)?', 'said', 'says', 'told', 'according to', 'interview(?:ed)?', 'quot(?:e|ed)', 'estimate[sd]?', 'wrote'],
  USES_LANGUAGE: ['language', 'in russian', 'russian-language', 'teaching'],
};

/** Types whose generic triggers ("in", "of the") must not outrank a specific phrase: a small weight. */
export const WEAK_TYPES: ReadonlySet<string> = new Set(['LOCATED_IN', 'TOOK_PLACE_IN', 'PART_OF', 'WORKS_FOR', 'PARTICIPATES_IN', 'COVERS', 'REPORTS_ON']);
