/**
 * Spanish phrase rules for crisis-language detection, in the same form as the English ones and
 * run on the same normalised text (lowercase, accents and ñ folded: "quitarme la vida",
 * "daño" -> "dano", "mató" -> "mato"). Spain and Latin American wording alike.
 *
 * As in English, recall wins: a hit only puts crisis lines first. Hyperbole built on dying or
 * killing ("me muero de ganas", "me mata la espera", "me mató que no viniera") gets no positive
 * rule or is masked; wanting to die, ending one's life, self-harm, farewells and giving things
 * away fire. Ending a relationship ("terminar con él", "acabar la relación") never does.
 */
import type { CrisisRule } from './rules.js';

const NOUN_OF_HYPERBOLE = '(?:verguenza|risa|ganas|miedo|cansancio|sueno|hambre|calor|frio|envidia|celos|nervios|asco|aburrimiento|amor|pena ajena)';

export const CRISIS_RULES_ES: readonly CrisisRule[] = [
  {
    id: 'es-suicidio',
    pattern: /\bsuicid(?:io|ios|a|as|arme|arse|arte|ar|ado|ada|andome)\b/,
    why: 'suicidio, suicidarme, suicida; the English word ("suicide") is left to the English rules and their masks. Talk about suicide as a topic is masked.',
  },
  {
    id: 'es-querer-morir',
    pattern:
      /\b(?:quiero|quisiera|queria|deseo|ganas de|prefiero|preferiria) (?:morir(?:me)?|estar muert[oa])\b|\bme quiero morir\b|\bojala (?:estuviera|estar|me muera|me muriera)(?: muert[oa])?\b/,
    why: 'Wanting to die or be dead. "Morir de vergüenza/risa/ganas" is masked, so only the wish itself fires.',
  },
  {
    id: 'es-quitarse-la-vida',
    pattern: /\bquitar(?:me|se)? la vida\b|\b(?:acabar|terminar|acabo|termino|acabe|termine|poner fin a) con mi vida\b|\bponer fin a mi vida\b/,
    why: "Taking or ending one's life.",
  },
  {
    id: 'es-acabar-con-todo',
    pattern: /\b(?:acabar|terminar|acabo|termino|acabe|termine|poner fin a) con todo\b|\bse acaba todo\b|\bque (?:todo|mi vida) (?:termine|acabe|se acabe)\b/,
    why: '"Terminar con todo" is ending everything; "terminar con él" (a breakup) does not match.',
  },
  {
    id: 'es-matarme',
    pattern: /\bmatarme\b|\bme voy a matar\b|\bme mato\b(?! (?:que|con|de|el|la|lo|los|las|cuando)\b)/,
    why: '"Me mato" (I kill myself) fires, even as a threat; "me mató que…/con…/de risa" is the idiom "it killed me".',
  },
  {
    id: 'es-no-quiero-vivir',
    pattern:
      /\bno (?:quiero|puedo|deseo) (?:seguir )?(?:vivir|viviendo)\b(?! con\b)|\b(?:hart[oa]|cansad[oa]) de vivir\b|\bno merezco (?:vivir|estar viv[oa]|seguir viv[oa])\b|\bno (?:tengo ganas de|quiero) seguir con vida\b|\b(?:sentido|pena) (?:a |de )?seguir (?:viv[oa]|viviendo|con vida)\b/,
    why: 'Not wanting to live. "No quiero vivir con esta ansiedad" is about the anxiety, hence the lookahead.',
  },
  {
    id: 'es-mejor-sin-mi',
    pattern:
      /\b(?:todos|todo el mundo|mi familia|el mundo|mis hijos|mis padres|los demas|la gente)\b(?: \w+){0,2} mejor sin mi\b|\bmejor para (?:todos|todo el mundo|mi familia|los demas) si (?:yo )?no (?:estuviera|existiera|estoy)\b|\bsoy una carga para (?:todos|todo el mundo|mi familia|los demas)\b|\bnadie me (?:echaria|echara|extranaria|extranara) de menos si (?:me muero|muero|desaparezco|me voy)\b/,
    why: 'Everyone being better off without me. One partner "mejor sin mí" is usually breakup fear, as in English.',
  },
  {
    id: 'es-autolesion',
    pattern:
      /\bautolesi\w*|\bhacerme dano\b|\bme (?:quiero|voy a) hacer dano\b|\bcortarme\b(?! (?:el|la|las|los|un|una)\b)|\bme estoy (?:cortando|haciendo cortes)\b|\b(?:hacerme|me hago) cortes\b/,
    why: 'Self-harm. "Cortarme el pelo" and "me corté el dedo" are not.',
  },
  {
    id: 'es-no-despertar',
    pattern: /\bno (?:despertar(?:me)?|volver a despertar(?:me)?)\b(?! a\b)/,
    why: 'Wishing not to wake up; "para no despertar a los niños" is excluded.',
  },
  {
    id: 'es-despedida',
    pattern:
      /\bmi (?:ultima )?despedida\b(?! de solter)|\bultima vez que me (?:leeis|leen|lees|veis|ven|oyes|oyen)\b|\bmi ultimo mensaje\b|\b(?:cartas?|despedido|despedi|despedirme)\b(?: \w+){0,6} por si acaso\b/,
    why: 'Goodbyes and letters "just in case". "Mi despedida de soltera" is a party.',
  },
  {
    id: 'es-preparativos',
    pattern:
      /\b(?:regalado|regale|regalando|dado) (?:todas )?mis cosas\b|\bno (?:las|los|lo|la) voy a necesitar\b|\btengo (?:pensado|planeado|decidido) como (?:hacerlo|matarme|irme)\b|\bpreparado para irme\b|\bno voy a estar aqui (?:por )?mucho (?:mas )?tiempo\b|\bya no (?:tendran|tendreis|tendras|van a tener) que preocupar\w* por mi\b|\besta noche (?:es la noche|lo hago)\b/,
    why: 'Preparations and plans said indirectly.',
  },
  {
    id: 'es-dejar-de-existir',
    pattern:
      /\b(?:desaparecer|irme) para siempre\b|\bdejar de existir\b|\bquitarme de en medio\b|\btirarme (?:por|de|desde) (?:la|el|un|una)\b|\btirarme al (?:tren|metro|vacio|rio|mar)\b/,
    why: 'Wanting to stop existing, or to throw oneself from a height or under a train.',
  },
];

export const CONTEXT_MASKS_ES: readonly CrisisRule[] = [
  {
    id: 'es-morir-de-hiperbole',
    pattern: new RegExp(String.raw`\bmori(?:r|rme|rse) de (?:la |el )?${NOUN_OF_HYPERBOLE}\b`),
    why: '"Me quiero morir de la vergüenza / de risa": dying of embarrassment, laughter or longing is hyperbole. "De pena" is left out: sorrow is close to real distress.',
  },
  {
    id: 'es-suicidio-como-tema',
    pattern:
      /\b(?:pelicula|serie|documental|libro|noticias?|articulo|charla|campana|prevencion)\b(?: \w+){0,2} (?:sobre el|sobre|del|de|acerca del) suicidio\b/,
    why: 'Suicide as a topic (a film, the news, a prevention campaign), as in English.',
  },
];
