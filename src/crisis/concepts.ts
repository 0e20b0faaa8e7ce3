/**
 * Concept features for the crisis-language model (model.ts): the words of a message folded onto a
 * few dozen MEANING classes, so that a wording nobody wrote a rule for still lands on the classes
 * the model has weights for ("fade out", "be erased", "stop breathing" are all NONEXIST).
 *
 * The lexicons come from what is known about how people disclose risk (ideation, means, plans and
 * preparations, burdensomeness, hopelessness, finality, farewells) and about what in an attachment
 * community borrows the same words (partners, breakups, idioms, other people's deaths, topics).
 * They are deliberately broad: the model learns how much each class and each PAIR of classes
 * counts, so a broad class costs little precision while a narrow one costs recall on new wordings.
 *
 * Input is text already normalised by `normaliseForCrisis`, masked by the English context masks and
 * by the cue masks (idioms, other people's endings). Output is a list of feature ids; nothing here
 * keeps or logs the text.
 */

/** A class's entries: plain words, or regex sources in which `_` stands for a space. */
const words = (list: string): readonly string[] => list.trim().split(/\s+/);

/**
 * Each concept is a list of entries. Plain single words are looked up per token in one map (fast
 * on long texts); multi-word and pattern entries become one regex per concept.
 */
const CONCEPT_SOURCES: Record<string, readonly string[]> = {
  SELF: words('i im ive ill id me my myself mine meself'),
  PARTNER: words('he hes hed him his she shes shed her hers ex boyfriend girlfriend bf gf husband wife partner fiance fiancee situationship crush'),
  GROUP: words(`they theyre theyd theyll them their everyone everybody people anyone anybody nobody no_one family friends kids children parents mum mom
    dad sister brother all_of_you you_all yall world loved_ones`),
  REL: words(`relationship dating date dates texts? texted texting reply replied replies ghost\\w* breakup broke_up break_up blocked block
    unfollow\\w* app apps exclusive attachment anxious avoidant situationship cheat\\w*`),
  DEATH: words(`die dies died dying dead death deaths deadly suicid\\w* kill kills killed killing kms unaliv\\w* funeral grave graves coffin casket
    afterlife perish\\w* lethal fatal overdos\\w* od noose hang hanging hanged rip_me end_myself off_myself
    (?:end|ends|ending|ended|take|taking|took)_(?:my_)?(?:own_)?life sucid\\w* sucide suiside suicde suicdal sewer_?slide self_?delete
    delete_myself yeet_myself ctb catch_the_bus an_hero final_exit neck_myself rope_myself game_end log_off_forever kil_myself kil+_my_?self
    rather_be_dead six_feet_under eulogy obituary last_breath kys shoot_myself drown_myself bleed_out pull_the_trigger slit\\w* deserve_to_die dont_deserve_to_live commit_die`),
  NONEXIST: words(`exist existing existence alive living live stop_breathing stopped_breathing wake_up waking_up open_my_eyes fade fading faded
    vanish\\w* disappear\\w* erase\\w* erased gone not_here not_be_here not_around not_be_around out_of_the_picture cease\\w* no_more
    sleep_forever sleep_permanently rest_forever rest_in_peace eternal_sleep never_come_back not_come_back world_without_me go_on_without_me
    without_me nonexist\\w* stop_being be_no_more get_old see_next make_it_to
    be_here_anymore be_here_any_more be_around_anymore here_anymore never_been_born never_born not_been_born never_existed
    never_have_to_feel not_feel_anything stop_feeling feel_nothing not_have_to_feel not_deal_with_anything
    stop_living no_longer_be_here on_this_planet this_world on_this_earth lights_out switch_off shut_down log_off nothingness oblivion the_void eternal_rest go_to_sleep_forever never_wake`),
  MEANS: words(`pills? tablets? meds medication\\w* prescription\\w* paracetamol tylenol ibuprofen aspirin xanax insulin sleeping_pills bleach poison\\w*
    antifreeze rope ropes noose belt razors? blades? knife knives gun guns firearm bullets? bridge bridges roof rooftop ledge cliff cliffs tracks
    train trains traffic oncoming highway motorway parking_garage car_park tall_building top_floor balcony high_place how_high highest jump\\w*
    fall_from drown\\w* swallow\\w* hang\\w* medicine_cabinet lighter exhaust stockpil\\w* hoard\\w* stash\\w* plane_crash\\w*
    the_wheel_into steering_wheel overpass sea river lake ocean
    shotgun shoot knife drive_off drive_into into_a_tree crash_my_car subway platform plastic_bag carbon_monoxide charcoal oven bathtub`),
  HARM: words(`cut cuts cutting burn burns burning burned burnt scratch\\w* bleed\\w* bled blood scars? wrists? arms? thighs? legs? skin bruis\\w*
    hit_myself hitting_myself punch\\w* harm\\w* hurt\\w* starv\\w* stop_eating stopped_eating not_eating relapse\\w* self_harm\\w* pain
    do_to_myself`),
  FINAL: words(`forever permanent\\w* for_good tonight last final\\w* goodbyes? good_bye farewell\\w* bye never_again no_more anymore any_more
    any_longer much_longer take_back no_going_back once_and_for_all for_real`),
  ENDING:
    words(`everything_to_stop it_all_to_stop it_all_to_end everything_to_end all_to_be_over it_to_be_over end ends ending ended the_end over finish_it finish_the_job end_things end_it end_everything stop_everything all_stop it_to_stop
    be_over wont_matter will_matter matter doesnt_matter nothing_matters`),
  IMMINENT: words(`right_now now in_front_of_me next_to_me beside_me in_my_hand in_my_hands holding ready alone_tonight on_the_edge standing_on
    sitting_on im_on here_now tonight this_is_it`),
  ACCIDENT: words(`fell fall_off falling_off fell_off bike my_bike slipped slip accident\\w* tripped sprain\\w* twisted stairs gym football
    kitchen cooking shaving chopping paper_cut stubbed workout ankle knee`),
  TEMPORARY: words(`for_a_bit for_a_while for_a_week for_a_few_days for_a_day all_weekend for_the_weekend for_a_month a_break some_space time_off
    offline social_media duvet under_the_covers detox for_now little_while`),
  PANIC: words(
    'going_to_die gonna_die im_dying feel_like_im_dying heart_attack cant_breathe couldnt_breathe panic\\w* anxiety anxious heart_racing racing_heart chest shaking spiral\\w* overthink\\w*',
  ),
  TIME: words(
    'tonight today tomorrow this_weekend weekend soon next_week next_month in_a_month in_a_week friday saturday sunday midnight later_tonight when_everyone',
  ),
  BURDEN: words(`burden\\w* weight load favou?r (?:a|such_a|be_a)_relief relief_for relieved_if (?:be|feel|all_be|everyone_be)_relieved better_off
    easier breathe_easier happier_without without_me in_the_way drag worry_about_me deal_with_me put_up_with_me take_care_of_me
    waste_of_space waste useless worthless ruin\\w* problem_for_everyone out_of_the_picture nobody_would no_one_would nobody_will no_one_will
    wont_miss wouldnt_miss not_miss notice care miss_me move_on forget_me
    dead_weight deadweight liability drag_everyone_down everyone_hates_me nobody_cares no_one_cares unloved unwanted dont_deserve mess_everything_up`),
  HOPELESS: words(`no_point pointless whats_the_point point_of_me point_in no_future hopeless\\w* cant_picture cant_see dont_see_myself never_get\\w*_better
    nothing_left nothing_matters give_up giving_up gave_up tired_of exhausted done_with_existing done_with_life done_with_everything empty numb trapped
    no_way_out cant_take cant_do cant_cope cant_go_on cant_keep too_much unbearable way_out be_at_peace finally_at_peace cant_anymore no_reason
    no_hope lost_hope nothing_will_change never_change
    never_going_to_get_better always_be_like_this nothing_ever_changes stuck_forever cant_escape no_way_forward worn_out drained cant_handle falling_apart beyond_repair lost_cause given_up no_light
    past_the_point beyond_help too_late gets_better get_better getting_better want_out out_of_life`),
  WISH: words(`want wants wanted wanna wish wishing wished hope hoping hoped tempt\\w* urges? urge rather give_anything would_give keep_thinking
    cant_stop_thinking thinking_about thinking_of thought_about thoughts_of fantasi\\w* imagin\\w* picture\\w* daydream\\w* telling_me voices? inviting
    calling_me pull\\w* draws_me going_to gonna about_to ready_to close_to might_as_well should_just`),
  PREP: words(`letters? notes? a_will my_will goodbye_letter good_home look_after take_care_of who_gets give_away gave_away giving_away given_away
    affairs arrangements in_order passwords insurance googl\\w* looked_up look_up looking_up research\\w* search\\w* how_high how_tall how_many how_much
    how_long how_to how_it bought buying ordered saved_up saving_up stockpil\\w* counting count ready prepared sorted drawer set_aside alone_tonight
    wont_need given_my gave_my giving_my no_one_home nobody_home everyone_asleep is_asleep when_im_gone after_im_gone if_anything_happens just_in_case in_case method\\w* way_to
    rehome\\w* pet_sitter my_savings bank_details life_insurance funeral_plan sell\\w*_my paid_off cancel\\w*_my subscriptions custody`),
  RESOLVE: words(`decided decide decision made_up_my_mind mind_is_made_up my_mind_is_made made_my_choice my_choice made_my_decision no_going_back
    its_time it_is_time time_has_come im_ready i_am_ready ready im_done i_am_done done_fighting done_trying done_waiting agree sure certain
    figured_out worked_out settled`),
  DEPART: words(`go_away went_away going_away goes_away leave leaving left exit check_out checking_out checked_out let_go letting_go step_off
    step_in_front walk_away walk_into slip_away drift_away float_away sail_away go_somewhere not_come_back never_come_back before_i_go
    be_gone im_gone i_was_gone if_im_gone when_im_gone after_im_gone gone_for_good`),
  LAST_ACT: words(`last_(?:thing|time|message|post|words?|text|note|day|night|week|weekend|chance_to_say) one_last ever_(?:post|say|write|see|send)
    final_(?:message|post|words?|note|goodbye) (?:end|over)_for_me`),
  FAREWELL:
    words(`goodbyes? good_bye farewell\\w* this_is_goodbye my_goodbyes thank_you_for_everything thanks_for_everything you_mattered you_matter mattered loved_you love_you_all i_love_you loved_her
    loved_him loved_them tell_my_mum tell_my_mom tell_my_dad tell_my_family tell_them_i take_care_of_yourselves take_care_of_yourself sorry_for_everything
    forgive_me please_dont_be_sad dont_be_sad dont_blame dont_cry remember_me goodbye_messages last_message last_words say_goodbye said_goodbye saying_goodbye
    take_care dont_forget_me love_you_all this_is_it other_side see_you_never im_sorry sorry`),
  FUTURE: words(`future next_year this_year get_old grow_old growing_old old_age birthday christmas new_year see_next see_another make_it_to make_it_through
    make_it_past survive surviving last_long much_longer how_much_longer still_here still_be_here around_next be_here_next`),
  KEEPING: words(`keeping_me keep_me keeps_me_here keep_me_alive keep_going keep_living keep_fighting reasons_to_stay reason_to_stay reasons_to_live
    reason_to_live hold_on holding_on hang_on hanging_on stay_alive staying_alive only_thing the_only_reason`),
  PLAN: words(`do_it doing_it did_it going_to_do_it gonna_do_it how_id_do_it how_to_do_it how_i_would_do_it the_method set_a_date picked_a_date
    chose_a_date planning_my_(?:exit|death|end|suicide) a_plan_to_(?:end|die|kill|do_it) my_exit exit_plan`),
  THERAPY: words('therapy therapist counsel\\w* psychologist psychiatrist journal journaling diary entry homework exercise session coach meditation'),
  NEG: words('dont doesnt didnt not never no nobody nothing cant cannot wont wouldnt isnt arent wasnt'),
  IDIOM: words(`idiom lol lmao haha hahaha jk joking kidding killing_me dying_to to_die_for dead_tired dead_serious killed_it killing_it
    battery phone laptop game level boss character episode season movie film show book song news podcast`),
  OTHER_DEATH: words(`grandma grandpa granddad grandad grandmother grandfather nan nana gran aunt uncle cousin passed_away passed rip_to
    his_funeral her_funeral their_funeral cat_died dog_died pet_died`),
  LEAVE_REL: words(
    'leave_him leave_her leaving_him leaving_her left_him left_her break_up_with broke_up_with moving_out moved_out move_out new_city new_job new_start starting_over chapter behind_me fresh_start new_chapter',
  ),
  COMMAND: words('voices?_(?:say|says|said|tell|tells|told|telling|keep|want) (?:a|the)_voice_(?:says|said|tells|told|keeps)'),
  HELP: words(`safety_plan crisis_line crisis_lines hotline helpline samaritans 988 coping cope_with grounding breathing_exercise reach_out
    reached_out reaching_out support_group peer_support warmline`),
  MEDICAL: words(`doctor doctors gp nurse pharmacy pharmacist prescribed prescription_refill refill side_effects dosage new_meds my_meds_are
    forgot_to_take remember_to_take take_my_meds took_my_meds taking_my_meds started_taking antidepressants? ssris? sertraline prozac
    appointment clinic recovery`),
  POSITIVE: words(`helped helping helps_me better_today feel_better feeling_better free freeing calm calmer relaxing relaxed sunset sunrise
    beautiful fun happy happier_now excited proud grateful thankful cozy enjoyed enjoying lovely laughed smiled hopeful healing progress`),
  POOL: words('pool dive diving swim swimming holiday vacation trip camping hike hiking gym workout'),
  GIFT_TO_PERSON:
    words(`(?:gave|give|giving|given|handed|hand|leave|leaving|left)_(?:\\w+_){0,4}(?:to_)?(?:my_)?(?:sister|brother|son|daughter|cousin|niece|nephew|best_friend|friend|mum|mom|dad|kids)
    (?:he|she|they)_can_have can_have_my gets_my take_my wont_be_needing wont_need_it dont_need_it_anymore wont_be_using`),
  PET_CARE: words(`look_after_(?:him|her|them|the_dog|the_cat|my_dog|my_cat|the_kids) hold_onto_my somewhere_to_go take_the_(?:fish|dog|cat) for_a_long_bit
    (?:dog|cat|fish|hamster|rabbit|pet)_(?:\\w+_){0,6}(?:brother|sister|friend|neighbou?r|mum|mom)s? food_is_in vet_papers good_boy_from_me good_girl_from_me`),
  ODD_CALM: words(`weirdly_calm strangely_calm strange_calm calm_for_the_first_time felt_calm feels_calm so_calm made_my_peace at_peace peace_with_it
    quiet_now finally_know relieved_now lighter_now`),
  NOT_YOUR_FAULT: words(`not_your_fault not_ur_fault none_of_this_is dont_blame_yourself dont_blame_urself not_anyones_fault no_need_to_reply
    forgive_me forgive_me_one_day remember_me_how`),
  LOOSE_ENDS: words(`loose_ends unsettled everything_is_set_up set_up everythings_tidy everything_is_tidy all_sorted in_order tying_up closing_loops
    scheduled schedule_the scheduled_email scheduled_emails send_on one_more_time before_i`),
  ORDINARY_REASON: words(`moving move the_move new_flat new_place thrift donat\\w* declutter\\w* cleaned clean_out closet wardrobe spring_clean
    upgrade\\w* new_one outgrown too_small charity_shop car_boot marketplace ebay vinted`),
  REL_END: words(`this_isnt_working this_is_not_working isnt_working not_working_for_me end_things end_this different_things were_over we_are_over
    stop_talking stop_contacting no_contact need_space give_you_space the_relationship mean_the_relationship not_with_life with_this
    move_on_from_us our_relationship your_stuff my_stuff_back ring_back reopening back_and_forth ghosting couples_therapy couples_counselling
    lease deposit landlord notice`),
  RECOVERED: words(`used_to years_ago \\d+_years years_clean months_clean clean_for years_without months_without anniversary recovered
    in_recovery looking_back back_then at_the_time that_time when_i_was got_through came_through survived_it`),
  EVERYDAY: words(`exam exams uni university lecture deadline deadlines report slides meeting meetings shift commute bus station flight airport
    dentist haircut recipe baking bakery knitting groceries laundry cleaning chores marathon training run steps step_count
    series finale season episode netflix campaign dnd paladin boss_fight raid mortgage rent solicitor paperwork tax taxes invoice
    couch sofa bookshelf furniture moving_house removal boxes flatmate neighbour neighbor coffee caffeine birthday_party wedding
    baby_shower host_family garden plants`),
};

const CONCEPT_IDS: readonly string[] = Object.keys(CONCEPT_SOURCES);
/** Token -> indexes (into CONCEPT_IDS) of the concepts listing it as a plain word. */
const WORD_CONCEPTS = new Map<string, number[]>();
/** Per concept, one regex for its multi-word and pattern entries (undefined when it has none). */
const PHRASE_PATTERNS: readonly (RegExp | undefined)[] = CONCEPT_IDS.map((id, index) => {
  const phrases: string[] = [];
  for (const entry of CONCEPT_SOURCES[id] ?? []) {
    if (/^[a-z0-9]+$/.test(entry)) {
      const list = WORD_CONCEPTS.get(entry) ?? [];
      if (!list.includes(index)) list.push(index);
      WORD_CONCEPTS.set(entry, list);
    } else phrases.push(entry.replace(/_/g, ' '));
  }
  return phrases.length > 0 ? new RegExp(`\\b(?:${phrases.join('|')})\\b`, 'g') : undefined;
});

/** How far back (in words) a death / absence / self-harm word looks for who it is about. */
const SUBJECT_WINDOW = 5;
const SELF_SUBJECT = /^(?:i|im|ive|ill|id|me|my|myself)$/;
const PARTNER_SUBJECT = /^(?:he|hes|hed|him|his|she|shes|shed|her)$/;
const GROUP_SUBJECT = /^(?:they|theyre|theyd|theyll|them|their|everyone|everybody|people|you|youre|your|nobody|anyone)$/;
const SUBJECT_CONCEPTS = new Set(['DEATH', 'NONEXIST', 'HARM', 'MEANS', 'FINAL', 'ENDING', 'DEPART', 'RESOLVE', 'PLAN', 'WISH', 'BURDEN']);
/** How far forward a concept looks for a person or a relationship it is about ("end it WITH HIM"). */
const OBJECT_WINDOW = 3;
const OTHER_OBJECT =
  /^(?:him|her|us|his|he|she|ex|relationship|situationship|dating|partner|boyfriend|girlfriend|husband|wife|argument|arguing|fight|call|conversation|chat|cycle|pattern|habit|hope|chapter|lease|job|app|apps)$/;

/**
 * "I feel like I'm going to die" is panic, not intent: the phrase rules leave "going to die" out for
 * the same reason. It becomes the PANIC word before the classes are counted, unless a time follows.
 */
const PANIC_DEATH = /\b(?:(?:going to|gonna) die|(?:im|i am) dying)\b(?! (?:tonight|today|tomorrow|soon|by|this))/g;

/** "I'd kill for a coffee", "I'd die without her": attachment hyperbole, as the rules and tuning labels read it. */
const IDIOM_DEATH = /\b(?:kill|die) (?:to|for)\b|\bdie without (?:him|her|them|you|my \w+)\b/g;
/** "live with my partner", "exist in his world": where one lives, not whether (the rules' lookaheads say the same). */
const RESIDENCE = /\b(?:live|living|exist|existing) (?:with|in (?:his|her|their|your|this relationship)|at|together|near|alone|there|abroad)\b/g;

function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(?:ing|ed|es|s|ly)$/, '');
}

/**
 * Feature ids for one message: concept presence (`c:`), concept pairs (`p:`), who a death / absence /
 * harm word is about (`s:`), and stemmed words and word pairs (`w:`). Deterministic; sorted, no duplicates.
 */
export function crisisFeatures(maskedText: string): string[] {
  const masked = maskedText.replace(PANIC_DEATH, 'panic').replace(IDIOM_DEATH, 'idiom').replace(RESIDENCE, 'reside');
  const features = new Set<string>();
  const tokens = masked.split(' ').filter((w) => w.length > 0);
  // Character offset of each token, to place concept hits on the token list.
  const offsets: number[] = [];
  let at = 0;
  for (const token of tokens) {
    at = masked.indexOf(token, at);
    offsets.push(at);
    at += token.length;
  }
  const tokenAt = (offset: number): number => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((offsets[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  // Token positions of every concept hit, concept by concept.
  const hits: number[][] = CONCEPT_IDS.map(() => []);
  tokens.forEach((token, k) => {
    for (const index of WORD_CONCEPTS.get(token) ?? []) hits[index]?.push(k);
  });
  PHRASE_PATTERNS.forEach((pattern, index) => {
    if (!pattern) return;
    pattern.lastIndex = 0;
    for (let hit = pattern.exec(masked); hit; hit = pattern.exec(masked)) hits[index]?.push(tokenAt(hit.index));
  });

  const present: string[] = [];
  CONCEPT_IDS.forEach((id, index) => {
    const at = hits[index] ?? [];
    if (at.length === 0) return;
    present.push(id);
    features.add(`c:${id}`);
    if (!SUBJECT_CONCEPTS.has(id)) return;
    for (const k of at) {
      let subject = 'NONE';
      for (let j = k - 1; j >= Math.max(0, k - SUBJECT_WINDOW); j--) {
        const w = tokens[j] ?? '';
        if (w === '|') break;
        if (SELF_SUBJECT.test(w)) {
          // "my cat died", "my grandma's funeral": the writer owns the subject but is not it.
          subject = w === 'my' && j < k - 1 ? 'MINE' : 'SELF';
          break;
        }
        if (PARTNER_SUBJECT.test(w)) {
          subject = 'PARTNER';
          break;
        }
        if (GROUP_SUBJECT.test(w)) {
          subject = 'GROUP';
          break;
        }
      }
      features.add(`s:${subject}>${id}`);
      for (let j = k + 1; j <= Math.min(tokens.length - 1, k + OBJECT_WINDOW); j++) {
        const w = tokens[j] ?? '';
        if (w === '|') break;
        if (OTHER_OBJECT.test(w)) {
          features.add(`o:OTHER<${id}`);
          break;
        }
      }
    }
  });
  // When the writer speaks of their own death, self-harm or means, a partner or the relationship in the
  // same message ("since he left") is the trigger, not a sign of breakup talk: those classes are dropped.
  if (['DEATH', 'HARM', 'MEANS'].some((id) => features.has(`s:SELF>${id}`))) {
    for (const id of ['PARTNER', 'REL']) {
      features.delete(`c:${id}`);
      const at = present.indexOf(id);
      if (at >= 0) present.splice(at, 1);
    }
  }
  for (let a = 0; a < present.length; a++) {
    for (let b = a + 1; b < present.length; b++) features.add(`p:${present[a]}+${present[b]}`);
  }
  if (present.length === 0) features.add('c:NONE');
  for (const token of tokens) if (token !== '|' && token.length > 1) features.add(`w:${stem(token)}`);
  // Pairs of neighbouring words ("end things", "not with", "one more") carry what single words lose.
  for (let k = 0; k + 1 < tokens.length; k++) {
    const [a, b] = [tokens[k] ?? '|', tokens[k + 1] ?? '|'];
    if (a !== '|' && b !== '|') features.add(`w:${stem(a)}_${stem(b)}`);
  }
  return [...features].sort();
}
