/**
 * Cue-combination scorer for English crisis language: the second pass after the phrase rules.
 *
 * Phrase rules (rules.ts) only catch the wordings someone thought of; three held-out parts showed
 * they do not generalise. People who mean it usually combine a few ingredients in their own words:
 * talk about themselves, a death / ending / disappearing / self-harm idea, a marker of finality or
 * time ("tonight", "for good", "last", "goodbye") and, for plans said obliquely, a preparation
 * ("letters", "who gets my guitar", "everything in order", "won't need"). This module counts those
 * ingredients as classes and fires when enough of them meet in one message.
 *
 * Patterns run on text already normalised by `normaliseForCrisis` and masked by the English context
 * masks. Idioms and talk about other people or topics are removed by CUE_MASKS below before the
 * classes are counted; a mask only removes its own span, so a real signal elsewhere still counts.
 *
 * Safe-messaging: this only decides whether crisis lines come first. It returns a class summary id
 * (never the text) and nothing here stores or logs anything.
 */

/** Spans that borrow dramatic words without being about the writer's own life ending. */
const CUE_MASKS: readonly RegExp[] = [
  // idioms of exaggeration
  /\b(?:dying|dies|died|die) (?:to|for|of (?:embarrassment|shame|laughter|boredom|cringe)|laughing)\b/g,
  /\bto die for\b|\bdead (?:tired|inside lol|serious|on|set|end|line)\b|\bim dead\b(?= lol| lmao| haha|$)/g,
  /\b(?:kill|killing|killed) (?:me|it|for|him|her|them|a \w+)\b(?! ?self)/g,
  /\b(?:is|was|its|it is) killing (?:me|my)\b[^|]*?(?=\b(?:but|and)\b|$)/g,
  /\bthe death of me\b|\bbored to death\b|\bscared to death\b/g,
  // things, plants, devices and relationships that die or end
  /\b(?:phone|battery|laptop|car|conversation|chat|group chat|relationship|situationship|pattern|habit|habits|cycle|spark|vibe|romance|feelings|marriage|friendship)\b(?: \w+){0,3} (?:died|dies|dead|is dead|has to die|to die|ended|ending|is over)\b/g,
  /\b(?:end|ending|ended|end things|ending things|ended things|break up|breaking up|broke up|done|finished|through)\b(?: \w+){0,2} (?:with (?:him|her|them|my ex|\w+ apps?|dating|the|this|it)|our|the (?:relationship|situationship|cycle|pattern|habit|argument|call|chat|fight|date)|this (?:cycle|pattern|habit|relationship|situationship))\b/g,
  /\b(?:end|ending|ended) things with \w+\b|\bend this cycle\b/g,
  /\bim (?:so )?done with (?:him|her|them|dating|this app|\w+ apps|the app|texting|checking|waiting for (?:him|her|them))\b/g,
  /\bdone\b(?= with (?:him|her|them|dating))/g,
  /\bletters? to my (?:future|younger|old|inner) self\b/g,
  /\b(?:breaking|break|broke) up with (?:him|her|them)\b|\bcut (?:him|her|them) out\b/g,
  /\b(?:hed|shed|he|she|he would|she would|he will|she will) (?:\w+ ){0,2}(?:be )?better off without me\b/g,
  /\brather die than (?:text|call|message|see|ask|go back|be seen)\b/g,
  // other people's deaths, grief, news and topics
  /\b(?:news|documentary|podcast|film|movie|book|series|show|story|report)\b(?: \w+){0,5} (?:about|on) (?:the )?(?:\w+ ){0,2}(?:suicide|overdoses?|deaths?|killing|war|dying)\b/g,
  /\bsuicide (?:prevention|awareness|bombing|bomber|squad|rate|rates|hotline)\b|\bcareer suicide\b/g,
  // ordinary goodbyes, letters and giving away
  /\b(?:goodbye|goodbyes|bye)\b(?: \w+){0,3} (?:at the (?:airport|station|party|door)|to (?:my old|the old|the person|everyone at work|my ex|him|her|them))\b/g,
  /\b(?:wrote|write|writing) (?:him|her|them) a (?:goodbye )?letter\b/g,
  /\bg(?:ive|ave|iving|iven) away\b(?: \w+){0,5} (?:to charity|clothes|before the move|moving)\b/g,
  /\btonight(?: is the night)? (?:i|im) (?:finally |going to |gonna )?(?:tell|ask|text|call|talk)\b/g,
  /\bhurt myself (?:at|in|while|playing|running)\b|\bcut (?:myself )?(?:while|cooking)\b|\bcut (?:my hair|me off|him off|her off|them off|myself off|ties)\b/g,
  /\bwont (?:need|be needing) (?:it|them|this) (?:anymore )?(?:after the move|at the new place|now that)\b/g,
];

/** Writer talks about themselves. */
const SELF = /\b(?:i|im|ive|ill|id|me|my|myself|mine)\b/;

interface CueClass {
  readonly id: string;
  readonly weight: number;
  readonly pattern: RegExp;
}

/** Ingredient classes. Each class counts once, whatever the number of hits. */
const CLASSES: readonly CueClass[] = [
  {
    // death, not existing, disappearing, self-harm: the core idea
    id: 'death',
    weight: 2,
    pattern:
      /\b(?:die|dying|dead|death|deadly|kill\w* (?:my ?self|me)|suicid\w*|kms|unalive|funeral|not (?:be )?alive|being alive|be alive|stay alive|keep living|stop (?:existing|living|breathing|being)|not existing|exist(?:ing)? (?:anymore|any more|any longer)|stop existing|(?:not|never|didnt|dont|wouldnt) (?:to )?wake up|never have to feel|check(?:ing)? out|not come back|never come back|without me|world without|go on without|hit by a (?:car|bus|train|truck)|(?:walk|walking|jump|jumping|step|stepping) (?:into|off|in front)|bridge|roof|rest forever|sleep forever|ledge|cliff|tracks|(?:pills|prescription|meds|medication|tablets)\b|stockpil\w*|cut(?:s|ting)?(?: myself)?|scratch(?:ed|ing)? (?:my|myself)|bled|bleed\w*|blade|razor|hurt(?:ing)? my ?self|harm(?:ing)? my ?self|self ?harm\w*|end(?:ing)? (?:my life|it|it all|things|everything|my suffering|the pain)|end for me|living|to live\b(?! (?:with|in|at|together|alone|near|there|here|by|on)\b)|in being alive|on this planet|be here(?! (?:this|tonight|tomorrow|today|on|at|for (?:the|a)|until|till|over|during|next)\b)|be around(?! (?:this|tonight|tomorrow|today|on|at|for (?:the|a)|until|till|over|during|next)\b)|survive (?:another|this|the night|much longer)|(?:walk|walking|jump|jumping) (?:into|off) the (?:sea|river|lake|ocean)|disappear\w*|gone for good|left for good|leave (?:for good|this world)|it to stop|(?:past|beyond) (?:the point of )?(?:wanting |needing )?help|want out\b(?! of (?:this|the|my|our) (?:relationship|situationship|marriage|job|friendship))|a burden|burden to|better off)\b/,
  },
  {
    // finality and time
    id: 'finality',
    weight: 1,
    pattern:
      /\b(?:tonight|forever|for good|for real|permanently|last|final|goodbyes?|farewell|before i go|soon|anymore|any more|any longer|again|this time|this weekend|next week|the night|the day|ever|for a while|right now|quietly|thank you for (?:everything|the))\b/,
  },
  {
    // plans and preparations said obliquely
    id: 'preparation',
    weight: 2,
    pattern:
      /\b(?:(?:letters?|notes?) (?:to|for) (?:everyone|everybody|all|you all|the people|people|my (?:family|kids|children|mum|mom|dad|parents|friends|sister|brother|partner))|(?:left|leaving|leave) (?:a |some )?(?:letters?|notes?)|journals?(?= .*\bkeep\b)|who gets|look after (?:the|my)|in order|affairs|arrangements|sorted out|wont need|wont be (?:here|around)(?! (?:this|tonight|tomorrow|today|on|at|for (?:the|a)|until|till|over|during|next)\b)|not (?:going|gonna) to be here|not going to be here|said my goodbyes|delet\w* (?:all )?my (?:accounts|social media|profiles)|just in case\b(?! (?:he|she|they|we|you)\b)|will find|keep them|where im going|in front of me|(?:have|got|set|picked|chose) a date|a plan|saving up|research\w* how|how to do it|(?:going to|gonna|ready to|finally) do it\b(?! (?:i|im|ill|and|with|to|for|right|again|at|in|on|so|but)\b)|last (?:thing|time|words?) (?:ill|i will|im going to|id) (?:ever )?(?:post|write|say|see|send|be)|gave my|give my|giving my|somewhere quiet\b(?! (?:this|to|for)\b)|when im gone|if anything happens)\b/,
  },
  {
    // a decision taken (weak alone: people decide to break up too)
    id: 'resolve',
    weight: 1,
    pattern: /\b(?:made up my mind|made my (?:choice|decision)|decided|my choice|no going back|its time)\b/,
  },
  {
    // ideas that need nothing else: the writer's own end in plain, if unusual, words
    id: 'strong',
    weight: 3,
    pattern:
      /\b(?:the end for me|cant do life|(?:world|everyone|everybody) to go on without me|go (?:somewhere|away) \w* ?and (?:not|never) come back|survive another night|(?:dont|not|no) (?:plan|planning|intend|expect\w*) (?:on|to) (?:seeing|see|make it to|being here|be here|be around))\b/,
  },
  {
    // hopelessness and wanting it over
    id: 'hopeless',
    weight: 1,
    pattern:
      /\b(?:no point|pointless|whats the point|no reason|see the point|cant (?:do (?:this|life|it)|keep doing|go on|take|survive|live)|dont see why|survive|burden|better off|give up|giving up|done waiting|past the point|suffering|the pain|want it (?:all )?to (?:stop|end)|make it stop|relief|relieved|tired of|want out|no future|nobody would|hope i (?:get|dont|never|die|just)|keep (?:thinking about|imagining|picturing)|keeps? calling|to feel (?:something|anything)|no one would|its time|im ready|ready to|rather be|id rather|easier)\b/,
  },
];

const PREPARATION = CLASSES.find((c) => c.id === 'preparation')?.pattern ?? /$^/;

function distinctMatches(pattern: RegExp, text: string): number {
  return new Set(text.match(new RegExp(pattern.source, 'g')) ?? []).size;
}

/** Fires at this many weighted points when the writer talks about themselves. */
const THRESHOLD = 3;

export interface CueResult {
  matched: boolean;
  /** Which classes met, e.g. "cues:death+finality". Never the text. */
  reason?: string;
}

/** Removes the idiom, other-person and topic spans (CUE_MASKS); shared with the model's features. */
export function maskCueIdioms(maskedNormalised: string): string {
  let t = maskedNormalised;
  for (const mask of CUE_MASKS) t = t.replace(mask, ' | ');
  return t;
}

export function scoreCrisisCues(maskedNormalised: string): CueResult {
  const t = maskCueIdioms(maskedNormalised);
  if (!SELF.test(t)) return { matched: false };
  const hits = CLASSES.filter((c) => c.pattern.test(t));
  let score = hits.reduce((sum, c) => sum + c.weight, 0);
  // Two different preparations in one message (letters AND who gets the cat) read as a plan.
  if (hits.some((c) => c.id === 'preparation') && distinctMatches(PREPARATION, t) >= 2) score += 1;
  // Finality and hopelessness alone ("I'm so done with this, no more") are everyday breakup talk.
  const core = hits.some((c) => c.id === 'death' || c.id === 'preparation' || c.id === 'strong');
  if (!core || score < THRESHOLD) return { matched: false };
  return { matched: true, reason: `cues:${hits.map((c) => c.id).join('+')}` };
}
