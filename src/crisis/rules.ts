/**
 * Phrase rules for crisis-language detection. Code-adjacent data, not user-facing text.
 *
 * Patterns run on text already normalised by `normaliseForCrisis` (crisis-language.ts):
 * lowercase ASCII-ish, apostrophes deleted ("don't" -> "dont", "i'm" -> "im"), leetspeak
 * digits mapped inside words ("k1ll" -> "kill"), spaced-out letters joined ("k i l l" -> "kill"),
 * every other punctuation mark and emoji turned into a single space.
 *
 * Design, because a missed signal costs far more than an extra crisis-lines card:
 * - Positive rules favour recall. A hit only puts crisis lines first; nothing is stored or reported.
 * - Negative context is expressed as MASKS: spans removed before the positive rules run. A mask
 *   only removes its own span, so "the news about the suicide bombing made me want to die" still
 *   fires on "want to die". Masks never look at laughter markers ("lol", "😂"): people often
 *   deflect genuine risk with them.
 * - Idioms that no positive rule can reach ("you're killing me", "I'm dying to see him",
 *   "my phone is dead", "I'd kill for a coffee", "dead tired", "killing it", "I'm dead 😂",
 *   "kill me now") get no mask; the test set guards them instead. "kill me" / "I'm dying" are
 *   deliberately not positive rules: they are overwhelmingly idiom or panic, not intent.
 *
 * Where the edges are, and why:
 * - "I could just die of embarrassment" does NOT fire (masked: "die of embarrassment/laughter/...").
 *   "die of shame" is deliberately left unmasked: in an attachment community shame is close to
 *   real distress.
 * - Talk about suicide as a topic (news, documentaries, prevention campaigns, career suicide)
 *   does NOT fire. Mention of a specific person's suicide ("the suicide of my favourite author")
 *   DOES fire: we cannot tell grief from news, and crisis lines are cheap for the bereaved.
 * - A single partner being "better off without me" does NOT fire (usually breakup fear here);
 *   everyone / my family / the world being better off without me does.
 */

export interface CrisisRule {
  /** Stable id, reported as the reason. Never include user text in it. */
  readonly id: string;
  readonly pattern: RegExp;
  /** Why the rule exists, or why its edge is where it is. */
  readonly why: string;
}

const SELF = '(?:my ?self|me ?self)';
const OTHER_SELF = '(?:him|her|them|their)sel(?:f|ves)';
const DRUGS =
  '(?:pills?|tablets?|meds|medication|sleeping pills|tylenol|paracetamol|acetaminophen|ibuprofen|aspirin|advil|xanax|benadryl|insulin|painkillers|opioids?)';

export const CRISIS_RULES: readonly CrisisRule[] = [
  // --- direct statements -------------------------------------------------------------------
  {
    id: 'suicide-word',
    pattern: /\b(?:suicid(?:e|es|al|ality)|(?:5|s)uicide|sewer ?slide|self ?delete)\b/,
    why: 'The word itself, plus algospeak. Topic/idiom compounds are masked, not excluded here.',
  },
  {
    id: 'kill-myself',
    pattern: new RegExp(String.raw`\b(?:kil+(?:ing|ed|s)?|off(?:ing)?|end(?:ing)?) ${SELF}\b`),
    why: 'Direct intent. Hyperbole ("I\'ll kill myself if he...") also fires: recall wins.',
  },
  {
    id: 'kms',
    pattern: /\bkms\b/,
    why: 'Common abbreviation of "kill myself". Distances in km are masked.',
  },
  {
    id: 'unalive',
    pattern: /\bun ?aliv(?:e|es|ed|ing)\b/,
    why: 'Algospeak used to dodge platform filters; almost never innocent.',
  },
  {
    id: 'end-my-life',
    pattern: /\b(?:end|ends|ending|ended|take|taking|took) (?:my|my own) life\b|\bend(?:ing)? (?:it all|everything)\b(?! with)/,
    why: '"end everything with him" is a breakup, hence the lookahead.',
  },
  {
    id: 'self-harm',
    pattern: new RegExp(String.raw`\bself ?(?:harm\w*|injur\w*|mutilat\w*)|\bharm(?:ing|ed)? ${SELF}\b`),
    why: 'Direct self-harm vocabulary. Research/awareness talk is masked as topic talk.',
  },
  {
    id: 'hurt-myself-intent',
    pattern: new RegExp(
      String.raw`\b(?:want|wanna|wanted|going|gonna|urges?|tempted|thinking (?:about|of)|thoughts? (?:of|about)|feel like|felt like|cant stop|stop myself from|trying not) (?:to )?(?:hurt|hurting) ${SELF}\b|\bhurt(?:ing)? ${SELF} again\b`,
    ),
    why: 'Plain "I hurt myself" is usually an accident (gym, stairs); intent or repetition is not.',
  },
  {
    id: 'cutting',
    pattern: new RegExp(
      String.raw`\bcut(?:ting|s)? ${SELF}\b|\bcut(?:ting)? again\b|\burges? to cut\b(?! (?:my|his|her|their|the|a|an|off|ties|back|down|out|him|them|it|costs?|class|school|in|loose|corners)\b)`,
    ),
    why: 'Self-harm by cutting. "cut myself off" and kitchen accidents are masked.',
  },
  {
    id: 'overdose',
    pattern: /\boverdos\w*|\b(?:to|gonna|wanna|might|could|going to|just) od\b/,
    why: 'Bare "od" is too ambiguous; it needs an intent word in front.',
  },
  {
    id: 'want-to-die',
    pattern:
      /\b(?:want|wants|wanna|wanted|wish|wishing|wished|ready|hope|hoping|pray|praying|deserve|deserved) (?:to |i (?:could |would |can |will |just |could just |would just )?|id )?(?:just )?die\b/,
    why: '"going to die" / "would rather die" are left out: mostly hyperbole or panic.',
  },
  {
    id: 'wish-dead',
    pattern:
      /\bwish (?:i|id) (?:was |were |had |could be |could just be )?(?:dead|never (?:been )?born|not been born|never existed|didnt exist)\b|\b(?:want|wanna) to be dead\b|\bbetter off dead\b/,
    why: 'Passive ideation is a recognised risk signal even without a plan.',
  },
  {
    id: 'not-want-to-live',
    pattern:
      /\b(?:dont|do not|no longer|dont even|dont really|didnt) (?:want|wanna) (?:to )?(?:live\b(?! (?:with|in|at|alone|there|here|together|near|by|on|far|close|abroad)\b)|be alive|exist\b(?! in (?:his|her|their|your|this relationship)\b)|be here (?:anymore|any more|any longer)|be around (?:anymore|any more|any longer)|wake up\b(?! (?:early|late|at|before|so|too)\b))/,
    why: 'Excludes "don\'t want to live with my parents" and "don\'t want to wake up early".',
  },
  {
    id: 'tired-of-living',
    pattern: /\b(?:tired|sick|exhausted) of (?:living|being alive|existing|life)\b/,
    why: 'Indirect ideation.',
  },

  // --- indirect statements -----------------------------------------------------------------
  {
    id: 'better-off-without-me',
    pattern:
      /\b(?:everyone|everyoned|everybody|world|family|they|theyd|people|yall|friends|kids|parents|all)\b(?: \w+){0,4} (?:better off|happier|better|cope better|be fine) without (?:me|a \w+ like me)\b|\bbetter off if i (?:was|were|wasnt|werent|didnt|never|died|disappeared)\b/,
    why: 'Perceived burdensomeness. Single-partner subjects are left out on purpose (breakup fear).',
  },
  {
    id: 'no-reason-to-live',
    pattern:
      /\b(?:no|zero|not any|not a single|nothing) (?:reason|reasons|point|purpose) (?:to|in|for) (?:live|living|go on|going on|be alive|being alive|keep going|keep living|exist|existing|stay alive)\b|\bnothing (?:left )?to live for\b|\bwhats the (?:point|use) (?:of|in) (?:living|life|being alive|existing|going on|staying alive)\b/,
    why: 'Hopelessness about living itself, not about a task.',
  },
  {
    id: 'cant-go-on',
    pattern:
      /\b(?:cant|cannot|can not|couldnt) (?:go on|carry on|live like this)\b|\b(?:cant|cannot|can not) (?:do|take) (?:this|it) (?:anymore|any more|any longer)\b|\bcant keep (?:going|living)(?: like this| anymore| any more| any longer)?$/,
    why: 'Fires on the bare phrase; "can\'t go on a date" etc. is masked.',
  },
  {
    id: 'wont-be-around',
    pattern:
      /\b(?:wont|will not|not going to|not gonna) be (?:around|here|alive) (?:for )?(?:much |very |too )?(?:longer|long|anymore|any more)\b|\bwont be a (?:burden|problem|bother) (?:to anyone |for anyone )?(?:for )?(?:much longer|anymore|any more|long)\b|\b(?:wont|will not|never) have to (?:deal|worry|put up) (?:with|about) me (?:anymore|any more|much longer|again)\b/,
    why: 'Veiled announcement. "...much longer tonight" is masked.',
  },
  {
    id: 'giving-away-things',
    pattern:
      /\bg(?:ive|ives|iving|ave|iven) away (?:all )?(?:of )?(?:my|all my) (?:\w+ )?(?:stuff|things|belongings|possessions|pets?|cats?|dogs?)\b|\bg(?:ive|iving|ave) away everything i own\b/,
    why: 'A classic warning sign. Moving/decluttering/charity context is masked.',
  },
  {
    id: 'goodbye-for-good',
    pattern:
      /(?<!\b(?:he|she|they|you|hes|shes|theyve|youve|we) )\b(?:say|saying|said|this is|its|this is my|my) (?:final |last )?(?:goodbye|good bye|bye|farewell)s? (?:for good|forever|for the last time|to everyone|to everybody|to you all|to all of you|to the world)\b|\bthis is (?:my )?goodbye\b|\b(?:goodbye|farewell) (?:note|letter)\b/,
    why: 'Final goodbyes. Job/move/graduation goodbyes are masked.',
  },
  {
    id: 'never-wake-up',
    pattern: /\b(?:want|wanna|wish|hope|hoping|pray|praying|sle+p|asle+p|bed)\b(?: \w+){0,6} (?:never|not|dont|didnt|wouldnt|wont) (?:ever )?wake up\b/,
    why: 'Passive ideation phrased as sleep. Times after "wake up" are masked.',
  },
  {
    id: 'disappear-forever',
    pattern:
      /\b(?:disappear|disappeared|vanish|vanished) (?:forever|for good|permanently)\b|\b(?:notice|care|miss me|matter|cry)\b(?: \w+){0,3} if i (?:died|disappeared|was gone|were gone|was dead|were dead|wasnt here|wasnt around|didnt exist|killed myself)\b/,
    why: '"Nobody would notice if I was gone" without the word die.',
  },
  {
    id: 'want-it-to-end',
    pattern: /\b(?:want|wanna|need) (?:it all|everything|all of it|my life|the pain|this life) to (?:end|stop|be over)\b/,
    why: 'Wanting everything to stop. "the pain" is ambiguous but kept for recall.',
  },

  // --- methods and third-party / veiled questions -----------------------------------------
  {
    id: 'method-question',
    pattern: new RegExp(
      String.raw`\bhow (?:many|much) (?:\w+ ){0,3}${DRUGS}\b(?: \w+){0,4} (?:would it take|does it take|it takes|to (?:die|not wake up|kill|od|overdose|be lethal|be fatal|end it)|is (?:lethal|fatal|deadly|too many|too much)|before (?:you|someone|a person|i) (?:die|dies|dont wake up))\b|\b(?:lethal|fatal|deadly) dose\b|\b(?:painless|easiest|quickest|fastest|surest|best)(?:est)? (?:way|method)s? (?:to|of) (?:die|dying|go|end (?:my|your|their|a|ones|it all)|kill)\b|\bhow (?:to|do (?:i|you)|would (?:i|you|someone)|could (?:i|you|someone)|can (?:i|you|someone)|does (?:someone|one)) (?:kill|end|off|hang) (?:${SELF}|yourself|oneself|${OTHER_SELF}|(?:my|your|their|ones) life|it all)\b`,
    ),
    why: 'Method-seeking. "how many ibuprofen for cramps" needs a lethal tail, so it does not fire.',
  },
  {
    id: 'asking-for-a-friend',
    pattern: new RegExp(
      String.raw`^(?=.*\bfor a friend\b)(?=.*\b(?:${DRUGS}|overdos\w*|die|dying|death|dead|kill\w*|lethal|fatal|painless|hang\w*|jump\w*|wrists?|wake up|end\w* (?:a|their|his|her|your|my|someones|ones) life)\b)`,
    ),
    why: '"Asking for a friend" plus risk vocabulary is a well known veiled disclosure.',
  },
  {
    id: 'third-party',
    pattern: new RegExp(String.raw`\b(?:kill|hang|off)(?:ing|s|ed)? ${OTHER_SELF}\b|\b(?:cuts|cutting) ${OTHER_SELF}\b`),
    why: 'Someone at risk; crisis lines help the helper too. "hurt herself" is left out (accidents).',
  },
  {
    id: 'method-specific',
    pattern: new RegExp(
      String.raw`\b(?:jump|jumping|jumped) (?:off|from) (?:a|the|my|this|that) (?:bridge|roof|building|balcony|cliff|tower|overpass)\b|\b(?:step|stepping|jump|jumping|walk|walking|throw ${SELF}) in front of (?:a|the) (?:train|bus|car|truck|lorry)\b|\bwalk(?:ing)? into traffic\b|\bhang(?:ing)? ${SELF}\b|\bslit(?:ting)? my (?:wrists?|throat)\b|\bstockpil\w* (?:my |up |some )?(?:${DRUGS})\b`,
    ),
    why: 'Method or preparation language.',
  },

  // --- preparations and plans said indirectly ------------------------------------------------
  {
    id: 'letters-just-in-case',
    pattern:
      /\b(?:wrote|written|writing|write|left|leaving) (?:some |a few )?(?:letters?|notes?|goodbye \w+) (?:to|for) (?:everyone|everybody|all|the people|people i love|my (?:family|kids|children|parents|mum|mom|dad|friends|loved ones|partner))\b|\b(?:in case|if) (?:something|anything) (?:happens|happened|should happen) to me\b/,
    why: 'Letters to loved ones "just in case" is preparation without risk words. A letter to one person (closure after a breakup) stays out.',
  },
  {
    id: 'tonight-is-the-night',
    pattern: /\b(?:tonight|today) is the (?:night|day)(?= im done\b| im ready\b| its time\b| goodbye\b|$)/,
    why: 'A bare announcement. "Tonight is the night I tell her / we meet" has a continuation and does not fire.',
  },
  {
    id: 'end-it',
    pattern: /\b(?:end|ending|ended) it\b(?! (?:with|between|all with|off)\b)|\bways to end it\b/,
    why: 'Ending "it" with no one named. "end it with him" is a breakup and stays out; "I\'m ending it" after naming a partner is an accepted false alarm.',
  },
  {
    id: 'when-im-gone',
    pattern:
      /\b(?:when|after|once) im gone\b(?! (?:on|for (?:a|the)|to|away|abroad)\b)|\bwhere im going\b(?= .*\b(?:wont|dont) need\b)|\bwont need (?:any of )?(?:my|these|this|the|it|them|anything)\b(?: \w+){0,3} where im going\b/,
    why: 'Talk about after one\'s death; "when I\'m gone on holiday" is masked by its tail.',
  },
  {
    id: 'affairs-in-order',
    pattern:
      /\b(?:made|making|sorted|sorting|put|putting|got) (?:all )?(?:my|the) (?:final )?(?:arrangements|affairs)\b|\bsorted out who gets my\b|\bwho (?:gets|will get|should get) my (?:\w+ )?(?:cat|dog|pets?|things|stuff)\b/,
    why: 'Putting things in order is a recognised warning sign; "made arrangements to see a therapist" has no "my".',
  },
  {
    id: 'everything-ready',
    pattern:
      /^(?=.*\beverything(?: is|s) (?:ready|planned|sorted|set|in place)\b)(?=.*\b(?:asleep|goodbye|mattered|im ready|no one will|nobody will|last time|for the last)\b)/,
    why: 'Readiness alone is a party; readiness beside a farewell or "once everyone\'s asleep" is a plan.',
  },
  {
    id: 'last-message',
    pattern: /\b(?:this is|these are|here is|heres) my (?:last|final) (?:message|post|words|text|note)\b/,
    why: 'A last message announced as such. "my last message to him was..." is history, not an announcement.',
  },
  {
    id: 'thanks-before-i-go',
    pattern:
      /\b(?:thank you|thanks) for everything\b(?= .*\b(?:before i go|goodbye|im sorry|forgive me)\b)|\b(?:wanted|want|need) to say (?:thank you|thanks|goodbye|sorry)\b(?: \w+){0,4} before i go\b/,
    why: 'Thanks or goodbye framed as before leaving for good.',
  },
  {
    id: 'question-of-when',
    pattern: /\b(?:just|only) a (?:question|matter) of when\b(?! (?:he|she|they|we|you|to)\b)/,
    why: 'A decision already made, with only the timing open.',
  },
  {
    id: 'nothing-will-matter',
    pattern:
      /\b(?:by (?:this time )?tomorrow|by tonight|after tonight|soon)\b(?: \w+){0,4} (?:none of (?:this|it)|nothing) (?:will|is going to|gonna) matter\b|\b(?:none of (?:this|it)|nothing) (?:will|is going to|gonna) matter (?:by tomorrow|after tonight|anymore)\b|\bsoon (?:it|nothing|none of (?:this|it)) (?:wont|will not|isnt going to) matter\b/,
    why: '"None of this will matter in five years" is comfort; tied to tonight or tomorrow it is a deadline.',
  },
  {
    id: 'burden-to-everyone',
    pattern:
      /\b(?:im|i am|feel like|being) (?:just |such )?a (?:burden|waste of space) (?:to|on|for) (?:everyone|everybody|all|my family|the world|the people)\b|\bim (?:just )?a waste of (?:space|oxygen|air)\b/,
    why: 'Perceived burdensomeness on everyone. "a burden to him when I ask for reassurance" is attachment talk and stays out.',
  },
  {
    id: 'no-point-being-alive',
    pattern:
      /\b(?:dont|do not|cant|cannot|no longer) see (?:the|any|a) (?:point|reason) (?:in|of|to) (?:being alive|living|life|go on|going on|keep going|existing|staying alive)\b|\b(?:dont|do not|cant|cannot) see (?:a|any) future for (?:me|myself)\b|\bno future for (?:me|myself)\b/,
    why: 'Hopelessness about living itself; "no future with him" is about the relationship.',
  },
  {
    id: 'relieved-if-gone',
    pattern:
      /\b(?:everyone|everybody|they|people|family|world|all)\b(?: \w+){0,3} (?:be |feel )?(?:relieved|happier|better off|better) if i (?:was|were|wasnt|werent) (?:gone|dead|here|around)\b/,
    why: 'Perceived burdensomeness phrased as relief.',
  },
  {
    id: 'hurting-to-cope',
    pattern: new RegExp(String.raw`\b(?:been|keep|kept|started|start|stop) hurting ${SELF}\b|\bhurt(?:ing)? ${SELF} to cope\b`),
    why: 'Repeated or coping self-harm; a single "I hurt myself" is usually an accident.',
  },
  {
    id: 'crash-on-purpose',
    pattern:
      /\b(?:drive|driving|drove|crash|crashing|steer|steering) (?:my car |the car )?(?:into|off) (?:a|the) (?:tree|wall|bridge|cliff|river|lake|barrier)\b/,
    why: 'A method said in everyday words.',
  },

  // --- widened from the first held-out part's misses (classes, not phrases) ------------------
  {
    id: 'wish-not-to-exist',
    pattern:
      /\b(?:want|wanna|wish|wishing|wished|rather|prefer|longing|long|need) (?:to |i (?:was|were|could|had) |id |i could )?(?:just )?(?:be dead|be gone|not be alive|not exist|stop existing|go to sleep forever|sleep forever|stop waking up|never (?:been|be) born)\b|\bwish(?:ing|ed)? (?:i|id) (?:had )?never been born\b|\btired of existing\b/,
    why: 'Passive ideation in its many wordings. "would rather die" alone stays out (usually hyperbole); "rather be dead" does not.',
  },
  {
    id: 'only-way-out',
    pattern:
      /\b(?:only|one) way out (?:is|would be|left is) (?:to )?(?:die|death|dying|end\w*|kill\w*|not be here)\b|\bno way out (?:except|but|other than|apart from) (?:to )?(?:end|die|death|dying|kill)\w*/,
    why: 'Death as the only exit. "the only way out of this relationship" has no death word.',
  },
  {
    id: 'not-here-soon',
    pattern:
      /\b(?:dont think (?:ill|i will|im going to|im gonna)|wont|will not|not going to|not gonna) be (?:here|around|alive) (?:next|for|by|at|on|this time|much)\b|\bmake sure im not (?:here|around|alive) (?:next|for|by|at|on)\b|\b(?:cant see (?:myself|me)|dont think (?:ill|i will|im going to|im gonna)|not sure (?:ill|i will)) mak(?:e|ing) it (?:through|past|to) (?:the|this|tonight|tomorrow|next|another|christmas|my)\b/,
    why: 'Not being alive at a near date. Trips are masked by mask-away.',
  },
  {
    id: 'not-a-burden-much-longer',
    pattern:
      /\b(?:wont|will not|not going to|not gonna|wont have to) be a (?:burden|problem|bother)\b(?: \w+){0,3} (?:much longer|for long|anymore|any more|soon)\b/,
    why: 'Veiled announcement about being a burden.',
  },
  {
    id: 'giving-away-most',
    pattern:
      /\bg(?:ive|ives|iving|ave|iven) away (?:most|all|lots|half|the rest) of my (?:stuff|things|belongings|possessions|clothes)\b|^(?=.*\bg(?:ive|ave|iven|iving)\b)(?=.*\b(?:wont|will not) need (?:them|it|any of (?:it|them|this))\b)/,
    why: 'Giving things away because they will not be needed.',
  },
  {
    id: 'end-things-for-good',
    pattern: /\bend(?:ing|ed)? (?:things|everything|it all|it) (?:for good|forever|permanently)\b(?! with\b)/,
    why: 'Ending "things" for good with no one named.',
  },
  {
    id: 'life-not-worth-living',
    pattern:
      /\b(?:life|living|my life|it|existing) (?:isnt|is not|aint|not|no longer|wont be) worth (?:living|it anymore|it any more|it without)\b|\bnot worth living\b/,
    why: 'A classic statement of hopelessness about life itself.',
  },
  {
    id: 'ready-to-go',
    pattern: /\bsaid everything i (?:needed|wanted|had) to say\b|\bim ready to go\b(?= (?:ive|i have|goodbye|for good|now im|its time)\b|$)/,
    why: 'Finality. "ready to go on a date" has a destination and does not fire.',
  },
  {
    id: 'quiet-goodbyes',
    pattern:
      /\b(?:say|saying|said|started to say|been saying) (?:my )?goodbyes?\b(?: \w+){0,4} (?:without (?:them|anyone|people|anybody) knowing|in (?:small|little|quiet) ways|quietly|one by one)\b|\bgoodbyes? to (?:people|everyone|everybody)\b/,
    why: 'Goodbyes said in secret or to everyone, without an occasion.',
  },
  {
    id: 'instructions-just-in-case',
    pattern:
      /\b(?:left|leaving|writ\w*|wrote|written) (?:down )?(?:instructions|passwords|details|a will)\b(?: \w+){0,6} (?:just in case|sort things out|after im gone|when im gone)\b/,
    why: 'Putting practical affairs in order, phrased as precaution.',
  },

  // --- widened from the second held-out part's misses (classes, not phrases) -----------------
  {
    id: 'how-much-longer',
    pattern: /\bhow (?:much )?longer i can (?:keep )?(?:living|live|going on|go on|keep going|do this|take this|hold on)\b/,
    why: 'Doubt about lasting, not about a task.',
  },
  {
    id: 'own-funeral',
    pattern: /\bmy (?:own )?funeral\b|\b(?:wrote|written|writing|write|made|making|make) (?:a |my )(?:will|suicide note)\b/,
    why: "Picturing one's own funeral, or writing a will out of the blue, are recognised warning signs.",
  },
  {
    id: 'they-would-move-on',
    pattern:
      /\b(?:theyd|they would|everyone would|people would|theyll|they will|everyone will|nobody would|no one would)(?: all)? (?:move on|forget me|get over (?:it|me)|be fine without me|even notice)\b/,
    why: 'Believing one would hardly be missed.',
  },
  {
    id: 'easier-if-i-wasnt-here',
    pattern:
      /\b(?:easier|better|happier|relieved)\b(?: \w+){0,4} if i (?:just )?(?:wasnt|werent|was not|were not|was gone|were gone|died|disappeared)(?: (?:here|around|alive))?\b/,
    why: "Burdensomeness phrased as others' relief.",
  },
  {
    id: 'have-a-plan',
    pattern:
      /^(?=.*\bi (?:have|ve got|got|made) a plan\b)(?=.*\bdo it\b)|\b(?:think|thinking|thought|thoughts) (?:about|of) how (?:id|i would|i could|i might|to) do it\b|\balready decided how (?:im going to|ill|i will|im gonna) do it\b|\bplanning my (?:exit|death|suicide)\b/,
    why: 'A plan spoken of without naming what it is for.',
  },
  {
    id: 'reasons-to-stay',
    pattern:
      /\b(?:running out of|run out of|no|no more|lost my|cant find (?:any|a)|dont have (?:any|a)|have no) reasons? (?:left )?(?:to|for me to) (?:stay|live|keep going|be here|stay alive|keep living)\b|\bonly thing keeping me (?:here|alive|going)\b/,
    why: 'Losing reasons to stay alive.',
  },
  {
    id: 'cant-keep-fighting',
    pattern:
      /\b(?:cant|cannot|can not) (?:keep )?fight(?:ing)? (?:this|it|anymore|any more|any longer)\b|\btired of fighting to (?:stay alive|live|keep going)\b/,
    why: 'Exhaustion with staying alive; "fighting with him" names a person and stays out.',
  },
  {
    id: 'goodbye-after-deleting',
    pattern:
      /^(?=.*\bdelet\w* (?:all )?my (?:accounts|social media|profiles)\b)(?=.*\bgoodbye\b)|\bscheduled? (?:my )?goodbye\b|\bgoodbye (?:messages|notes|letters) and\b/,
    why: "Tidying up one's presence alongside a goodbye.",
  },
  {
    id: 'what-i-might-do',
    pattern: new RegExp(String.raw`\bwhat i (?:might|could|would|will|am going to|m going to) do to ${SELF}\b`),
    why: "Fear of one's own impulses.",
  },
  {
    id: 'last-time-around',
    pattern:
      /\b(?:last|final) (?:day|week|night|time|weekend|month)s? (?:ill|i will|im going to) (?:be around|be here|be alive|talk to|see)\b|\bnothing left for me (?:here|in this world|anymore|any more)\b|\b(?:leave|go|went|go away|going away|went away|disappear|disappearing)(?: away)? (?:for good|permanently|forever)\b/,
    why: 'Leaving for good with no one or nothing named: "leave him for good" has an object and stays out.',
  },
  {
    id: 'taking-all-pills',
    pattern: new RegExp(String.raw`\b(?:take|taking|took|swallow\w*) (?:all|every one of|the rest of) (?:my |the |of my )?${DRUGS}\b`),
    why: 'Method language without the word overdose.',
  },
  {
    id: 'not-afraid-to-die',
    pattern:
      /\bnot (?:afraid|scared) (?:of|to) (?:die|dying|death)\b|\blooking forward to (?:dying|death|being dead|not being here)\b|\b(?:thought|idea) of (?:not existing|not being alive|being dead|dying|not being here)\b|\bmade peace with dying\b|\bdying (?:wouldnt|would not) be (?:so |that )?bad\b/,
    why: 'Death seen as welcome.',
  },
  {
    id: 'self-harm-acts',
    pattern: new RegExp(
      String.raw`\b(?:been|keep|kept|started|start|stop|cant stop) (?:hitting|punching|scratching|burning|biting|cutting) ${SELF}\b|\b(?:hit|hitting|punch\w*|scratch\w*|burn\w*) ${SELF} (?:again|when|until|to)\b`,
    ),
    why: 'Self-harm other than cutting; "hit myself on the door" has no repetition or purpose.',
  },
  {
    id: 'jumping-thoughts',
    pattern:
      /\b(?:think|thinking|thought|thoughts) (?:about|of) jumping\b(?! (?:in|into|on|at|to|ship|rope|back|the gun|up|around|for)\b)|^(?=.*\b(?:bridge|edge|ledge|roof|cliff|tracks)\b)(?=.*\b(?:let(?:ting)? go|jump\w*|fall\w*)\b)/,
    why: 'Jumping without a harmless object, or a height next to letting go.',
  },
  {
    id: 'want-out-of-life',
    pattern: /\bwant(?:ed)? out of (?:life|this life|living|this world|existence)\b|\bwant out (?:for good|permanently|forever)\b/,
    why: 'Wanting out of life itself; "out of this relationship" stays out.',
  },
  {
    id: 'finish-the-job',
    pattern: /^(?=.*\b(?:dead|die|dying|kill\w*)\b)(?=.*\bfinish (?:the job|it off|myself off)\b)/,
    why: 'Finishing the job beside death words.',
  },
  {
    id: 'if-im-gone',
    pattern:
      /\b(?:if|once|when) im (?:dead|gone)\b(?! (?:on|for (?:a|the)|to|away|abroad|for work)\b)|\bonly (?:stop|end|be over|get better) (?:if|when) im (?:gone|dead|not here|not around)\b|\bwhen im not (?:around|here) (?:anymore|any more|any longer)\b/,
    why: "Speaking of after one's death.",
  },
  {
    id: 'not-want-to-be-here',
    pattern:
      /\b(?:dont|do not|dont really|didnt|did not) want to be here(?: (?:at all|anymore|any more|any longer|for (?:another|much longer|long|the next))\b| *$)/,
    why: '"I don\'t want to be here at all / for another ten years": being alive, not a place. "At this party" has its own words after it.',
  },
  {
    id: 'plan-and-date',
    pattern: /\b(?:have|got|made|picked|set) (?:a )?plan and a (?:date|time|day)\b|\bwhen not if\b/,
    why: 'A plan with a date; "when, not if".',
  },
  {
    id: 'finish-my-life',
    pattern: /\b(?:finish|stop) (?:my|this) life\b|\b(?:i|me) (?:can |could |want to |wanna |need to |just want to )?(?:finally )?stop for good\b/,
    why: 'Second-language wordings of ending one\'s life; the writer themself stopping "for good".',
  },
  {
    id: 'not-anyones-problem',
    pattern: /\bwont be (?:anyones|your|a|everyones) (?:problem|burden) (?:soon|much longer|for long|anymore|any more|after tonight)\b/,
    why: 'Ceasing to be a burden, with a time.',
  },
  {
    id: 'punish-body',
    pattern: /\burge to punish (?:my ?self|my body)\b|\bpunish(?:ed|ing)? (?:my ?self|my body) again\b/,
    why: 'Self-punishment as self-harm, with an urge or a recurrence.',
  },
  {
    id: 'plane-crash-wish',
    pattern: /\b(?:hope|hoping|wish|wishing) (?:the|my) (?:plane|flight) (?:crashes|goes down|would crash|would go down)\b/,
    why: 'Wishing to die in an accident.',
  },
];

/** Spans removed before the positive rules run (negative context). */
export const CONTEXT_MASKS: readonly CrisisRule[] = [
  {
    id: 'mask-topic-talk',
    pattern:
      /\b(?:news|article|articles|report|reports|documentary|documentaries|podcast|film|movie|book|novel|episode|show|series|headlines?|lecture|class|course|study|studies|research|training|workshop|campaign|essay|paper|statistics|stats)(?: \w+){0,2} (?:about|on|regarding|covering|into)(?: \w+){0,3} (?:suicid\w*|self ?harm\w*|self ?injur\w*|overdos\w*)(?: (?:prevention|awareness|rates?|bombings?|attacks?))?/,
    why: 'Talking about the news or a topic is not talking about oneself (documented decision).',
  },
  {
    id: 'mask-suicide-compound',
    pattern:
      /\bsuicide (?:bomb\w*|attack\w*|squad|mission|doors?|runs?|sprints?|drills?|awareness|rates?|statistics|stats|prevention (?:training|course|charity|campaign|week|month|day|research|conference|workshop|volunteer\w*))\b|\b(?:career|social|political|commercial|professional|financial|fashion|electoral) suicide\b/,
    why: 'Compounds and idioms where "suicide" is not about the writer. Bare "suicide prevention" stays: "I called the suicide prevention line" is a signal.',
  },
  {
    id: 'mask-die-of-idiom',
    pattern:
      /\b(?:die|died|dying|dead)(?: of| from| with)? (?:embarrassment|laughter|laughing|cringe|boredom|cuteness|happiness|excitement|jealousy|envy|curiosity|hunger|thirst|heat)\b|\bto die for\b|\bdie (?:my|her|his|their|your) hair\b/,
    why: '"I could die of embarrassment", "to die for", "die my hair" (dye). "die of shame" deliberately not here.',
  },
  {
    id: 'mask-laughing',
    pattern: new RegExp(String.raw`\b(?:kil+\w*) (?:${SELF}|${OTHER_SELF}|yourself) (?:laughing|with laughter)\b`),
    why: '"nearly killed myself laughing" is an idiom with an explicit tail.',
  },
  {
    id: 'mask-km',
    pattern: /\b\d+(?:[.,]\d+)? ?kms?\b|\b(?:how many|few|couple of|hundred|thousand|some|more) kms\b/,
    why: '"kms" is also kilometres.',
  },
  {
    id: 'mask-cut-off',
    pattern: new RegExp(
      String.raw`\bcut(?:ting|s)? ${SELF} (?:off|out|loose|free|some slack|a (?:slice|piece|break)|short)\b|\b(?:accident\w*|by mistake)\b(?: \w+){0,5} cut\w* ${SELF}|\bcut\w* ${SELF}(?: \w+){0,2} (?:shaving|cooking|chopping|slicing|gardening|by accident|accidentally)\b|\bcut\w* ${SELF} on (?:a|the|some)(?: \w+){0,3} (?:knife|paper|glass|can|tin|edge|nail|blade|razor|fence)\b`,
    ),
    why: '"cut myself off from my ex" is central to this community and is the opposite of a crisis; kitchen accidents too.',
  },
  {
    id: 'mask-cant-go-on-object',
    pattern:
      /\b(?:cant|cannot|can not|couldnt) (?:go|carry) on (?=(?:a|an|the|that|another|my|our|his|her|their|holiday|vacation|dates?|trips?|tour|social|twitter|tiktok|instagram|discord|reddit|about|this (?!way))\b)/,
    why: '"I can\'t go on another date with him" is about an activity, not about living.',
  },
  {
    id: 'mask-around-tonight',
    pattern:
      /\b(?:around|here) (?:for )?(?:much |very )?longer (?=(?:tonight|today|this (?:morning|afternoon|evening|week|weekend|shift)|at (?:the|work)|heading|gotta|got to|have to|need to)\b)/,
    why: '"I won\'t be around much longer tonight" is about being online.',
  },
  {
    id: 'mask-giving-away-declutter',
    pattern:
      /\bg(?:ive|ives|iving|ave|iven) away\b(?: \w+){0,10} (?:move|moving|moved|declutter\w*|charity|donat\w*|yard sale|garage sale|minimalis\w*|kondo|spring clean\w*)\b|\b(?:move|moving|declutter\w*|charity|donat\w*|minimalis\w*|spring clean\w*)\b(?: \w+){0,10} g(?:ive|ives|iving|ave|iven) away\b/,
    why: 'Decluttering before a move is the common innocent reading.',
  },
  {
    id: 'mask-goodbye-job',
    pattern:
      /\b(?:goodbye|good bye|bye|farewell)s?\b(?: \w+){0,10} (?:at work|colleagues|coworkers|co workers|office|new job|last day|moving|graduat\w*|retir\w*|semester|team|class)\b|\b(?:last day|new job|moving|graduat\w*|retir\w*|leaving the company)\b(?: \w+){0,10} (?:goodbye|good bye|bye|farewell)s?\b|\b(?:goodbye|good bye|bye|farewell)s?(?: \w+){0,2} to (?:our|my|the|this) (?:old )?(?:house|home|flat|apartment|car|city|town)\b/,
    why: 'Leaving a job, school, home or town.',
  },
  {
    id: 'mask-wake-up-time',
    pattern: /\bwake up (?=(?:late|early|on time|in time|at|before|until|for|when|in the)\b)/,
    why: '"I hope I don\'t wake up late" is about an alarm.',
  },
  {
    id: 'mask-cant-with-partner',
    pattern:
      /\b(?:cant|cannot|can not) (?:do|take) (?:this|it) (?:anymore|any more|any longer) with (?:him|her|them|you|my (?:ex|partner|boyfriend|girlfriend|husband|wife))\b/,
    why: '"I can\'t do this anymore with him" is about the relationship.',
  },
  {
    id: 'mask-away',
    pattern:
      /\b(?:here|around) (?:next|for|by|at|on|this) (?:\w+ ){0,3}(?=.*\b(?:holiday|vacation|trip|travel\w*|visiting|away|conference|abroad|festival|camping|business|work trip)\b)/,
    why: '"I won\'t be here next week, I\'m on holiday" is about travel.',
  },
  {
    id: 'mask-go-on-with-partner',
    pattern:
      /\b(?:cant|cannot) (?:go on|carry on|keep doing this)(?: like this)? with (?:him|her|them|you|my (?:ex|partner|boyfriend|girlfriend|husband|wife))\b/,
    why: '"I can\'t go on like this with him" is about the relationship.',
  },
  {
    id: 'mask-killing-it-at',
    pattern: new RegExp(String.raw`\bkil+(?:ing)? ${SELF} (?:at|in) (?:the )?(?:gym|work|office|training|practice|pool)\b`),
    why: '"Killing myself at the gym" is effort, not intent.',
  },
  {
    id: 'mask-overdose-idiom',
    pattern: /\boverdos\w* (?:on|of) (?:caffeine|coffee|sugar|chocolate|candy|sweets|cuteness|drama|netflix|tv|carbs|nostalgia)\b/,
    why: 'Food and media "overdoses".',
  },
  {
    id: 'mask-self-esteem',
    pattern: /\bkil+(?:ing|ed|s)? my ?self ?(?:esteem|worth|confidence|respect)\b/,
    why: '"Killing my self-esteem" is about confidence; the normaliser makes it read "killing my self".',
  },
  {
    id: 'mask-living-in-shadow',
    pattern:
      /\b(?:tired|sick|exhausted) of living (?:in|under|with|for|around) (?:(?:my|his|her|their|your) )?(?:\w+ ){0,2}(?:shadow|rules|house|place|expectations|moods?|drama)\b/,
    why: '"Tired of living in my ex\'s shadow" is about a circumstance, not life itself.',
  },
  {
    id: 'mask-goodbye-letter-to-partner',
    pattern: /\b(?:wrote|write|writing|written) (?:him|her|them|my ex) a goodbye (?:letter|note|text|message)\b/,
    why: 'A goodbye letter to a partner is a breakup; a goodbye note to everyone still fires.',
  },
  {
    id: 'mask-goodbye-to-old-self',
    pattern:
      /\bgoodbye (?:letter|note) to (?:my )?(?:old|younger|former|past) self\b|\bgoodbye (?:letter|note)\b(?= (?:\w+ ){0,10}(?:version of me|old self)\b)/,
    why: 'A goodbye letter to an old self is a therapy exercise about letting a pattern go.',
  },
  {
    id: 'mask-away-for-a-while',
    pattern: /\bwont be around (?:much )?(?:for|over) the next (?:few |couple of )?(?:\w+ )?(?:days|weeks|week|month)\b/,
    why: 'Being away for a stated while, not gone.',
  },
  {
    id: 'mask-pain-hyperbole',
    pattern:
      /\b(?:cramps|period|migraine|toothache|root canal|hangover)\b(?: \w+){0,6} (?:wanted to|want to|rather|could) die\b|\bid rather die\b(?= \w+ (?:\w+ )?(?:booked|going|went|anyway))/,
    why: 'Pain and chores hyperbole beside its cause; "I\'d rather die" followed by doing it anyway.',
  },
  {
    id: 'mask-ordinary-will',
    pattern:
      /\b(?:writing|wrote|write|making|made|make|updat\w*|did|do|sorted) (?:a|my|our|their) wills?\b(?= (?:\w+ ){0,14}(?:solicitor|lawyer|baby|mortgage|kids|advice|recommended|house|married|adulting|grown up|sensible|turned \d+))/,
    why: "A will written for the ordinary reasons the same sentence gives (a baby, a mortgage, a lawyer's advice).",
  },
  {
    id: 'mask-commute',
    pattern: /\b(?:get|got|getting|take|took|taking|catch|caught|catching|on|missed|miss|from|off) the (?:train|trains|bus|tube|subway|metro|tram)\b/,
    why: 'Travelling by train is not a means: "should I get the train".',
  },
  {
    id: 'mask-negated-risk',
    pattern:
      /\b(?:(?:im|i am|i m) )?not (?:suicidal|(?:going to|gonna) (?:hurt|harm|kill) myself|in danger)\b|\b(?:i would|id|i will|ill|i|i d) never (?:hurt|harm|kill) myself\b|\bdidnt (?:cut|hurt|burn) myself\b|\bno (?:thoughts?|urges?|plans?|intentions?) (?:of|to|about) (?:hurting|harming|killing|ending|hurt|harm|kill|end) (?:myself|my life)\b|\bno (?:suicidal|self ?harm) (?:thoughts|urges|feelings|ideation)\b|\bnot with life\b/,
    why: '"I\'m not suicidal, just exhausted", "no thoughts of hurting myself", "I\'d never hurt myself": only the negated phrase goes, so "not suicidal, I just want to disappear" still fires on the rest.',
  },
  {
    id: 'mask-recovered-past',
    pattern:
      /\bused to (?:self ?harm\w*|cut(?:ting)? myself|hurt(?:ing)? myself|be suicidal|feel suicidal)\b|\b(?:self ?harm\w*|suicid\w*|cutting) (?:as|when i was) (?:a )?(?:teen\w*|kid|child|\d+|younger|in school)\b|\b(?:years?|yrs|months) ago i (?:was (?:in a (?:really |very )?(?:bad|dark) place and (?:i )?)?)?(?:wanted to die|tried to (?:end my life|kill myself)|was suicidal|attempted)\b|\b(?:was|were|felt) suicidal (?:last year|years ago|back then|as a teen\w*|in (?:high )?school)\b|\bself who wanted to die\b/,
    why: '"I used to self-harm as a teenager": a past the writer speaks of from safety. A relapse ("self-harming again") still fires.',
  },
];
