/**
 * The tracker page's words for a ballot's state, the kept tree heads and the light check
 * (spec/tracker.md §6–§7), in English, French and Arabic: ICU messages (`@evident/i18n`).
 * @module
 */
import type { Catalog } from '@evident/i18n';

/** The keys of {@link TRACKER_STATE_STRINGS}. */
export type TrackerStateKey =
  | 'stateCast'
  | 'stateSuperseded'
  | 'stateSupersededUnnamed'
  | 'stateChallenged'
  | 'stateCancelled'
  | 'stateCancelledUnnamed'
  | 'stateUncounted'
  | 'headTime'
  | 'keptExtended'
  | 'lightNote'
  | 'keptLabel'
  | 'keptHint'
  | 'keptFork'
  | 'keptRollback'
  | 'keptWrongKey'
  | 'badKeptHead'
  | 'statusLie';

export const TRACKER_STATE_STRINGS: Catalog<TrackerStateKey> = {
  en: {
    stateCast: 'Counted: this is the last ballot of your credential, and it is in the count.',
    stateSuperseded:
      'Superseded: a later ballot of the same credential (entry {by, number}) counts instead of this one.',
    stateSupersededUnnamed: 'Superseded: a later ballot of the same credential counts instead of this one.',
    stateChallenged:
      'Challenged: this ballot was opened for checking and is not counted. If you have not cast another one, vote again.',
    stateCancelled:
      'Cancelled: you were checked in at polling station {station} (entry {by, number}), so your paper vote counts, not this online ballot. If you did not vote on paper, report it to the election authority.',
    stateCancelledUnnamed:
      'Cancelled: your credential was checked in at a polling station (entry {by, number}), so the paper vote counts, not this online ballot. If you did not vote on paper, report it to the election authority.',
    stateUncounted:
      'Not counted: the bulletin board itself is irregular ({reason}). Report it to the election authority.',
    headTime: 'Read from the board under its tree head signed on {at, date, medium} at {at, time, short}.',
    keptExtended:
      '{n, plural, one {The board today also extends the tree head you kept.} other {The board today also extends the # tree heads you kept.}}',
    lightNote:
      'Light check: your browser proved every entry shown here on the signed log, but it cannot prove that the server left none out (a later ballot, a cancellation). For the full check, run evident-track with the same code and key.',
    keptLabel: 'Tree heads you kept (optional, one file or several)',
    keptHint:
      'Files of signed tree heads saved earlier, the ones evident-track --tree-head takes. Today’s board must extend each of them.',
    keptFork:
      'The log no longer extends the tree head you kept in {file}: its history was rewritten (a fork of the log). Keep that file: it is evidence. Report it to the election authority.',
    keptRollback:
      'The log is now shorter than the tree head you kept in {file}: it was rolled back. Keep that file: it is evidence. Report it to the election authority.',
    keptWrongKey: 'The tree head in {file} is not signed with the log key you gave for this election.',
    badKeptHead: 'The file {file} is not a tree head file (field {field}).',
    statusLie:
      'The server’s own answer about this ballot does not match its signed board: it misreports this ballot. Keep your receipt file and report it to the election authority.',
  },
  fr: {
    stateCast: 'Compté : c’est le dernier bulletin de votre identifiant, et il est compté.',
    stateSuperseded:
      'Remplacé : un bulletin plus récent du même identifiant (entrée {by, number}) est compté à la place de celui-ci.',
    stateSupersededUnnamed:
      'Remplacé : un bulletin plus récent du même identifiant est compté à la place de celui-ci.',
    stateChallenged:
      'Contesté : ce bulletin a été ouvert pour vérification et n’est pas compté. Si vous n’en avez pas déposé d’autre, votez à nouveau.',
    stateCancelled:
      'Annulé : vous avez été enregistré au bureau de vote {station} (entrée {by, number}) ; votre vote papier compte, pas ce bulletin en ligne. Si vous n’avez pas voté sur papier, signalez-le à l’autorité électorale.',
    stateCancelledUnnamed:
      'Annulé : votre identifiant a été enregistré dans un bureau de vote (entrée {by, number}) ; le vote papier compte, pas ce bulletin en ligne. Si vous n’avez pas voté sur papier, signalez-le à l’autorité électorale.',
    stateUncounted:
      'Non compté : le tableau d’affichage lui-même est irrégulier ({reason}). Signalez-le à l’autorité électorale.',
    headTime: 'Lu sur le tableau sous sa tête d’arbre signée le {at, date, medium} à {at, time, short}.',
    keptExtended:
      '{n, plural, one {Le tableau d’aujourd’hui prolonge aussi la tête d’arbre que vous avez gardée.} other {Le tableau d’aujourd’hui prolonge aussi les # têtes d’arbre que vous avez gardées.}}',
    lightNote:
      'Vérification légère : votre navigateur a prouvé chaque entrée affichée ici sur le registre signé, mais il ne peut pas prouver que le serveur n’en a omis aucune (un bulletin plus récent, une annulation). Pour la vérification complète, lancez evident-track avec le même code et la même clé.',
    keptLabel: 'Têtes d’arbre gardées (facultatif, un ou plusieurs fichiers)',
    keptHint:
      'Des fichiers de têtes d’arbre signées enregistrés plus tôt, ceux que prend evident-track --tree-head. Le tableau d’aujourd’hui doit prolonger chacun d’eux.',
    keptFork:
      'Le registre ne prolonge plus la tête d’arbre gardée dans {file} : son historique a été réécrit (une bifurcation du registre). Gardez ce fichier : c’est une preuve. Signalez-le à l’autorité électorale.',
    keptRollback:
      'Le registre est maintenant plus court que la tête d’arbre gardée dans {file} : il a été ramené en arrière. Gardez ce fichier : c’est une preuve. Signalez-le à l’autorité électorale.',
    keptWrongKey:
      'La tête d’arbre de {file} n’est pas signée avec la clé du registre donnée pour cette élection.',
    badKeptHead: 'Le fichier {file} n’est pas un fichier de tête d’arbre (champ {field}).',
    statusLie:
      'La réponse du serveur sur ce bulletin ne correspond pas à son tableau signé : il présente mal ce bulletin. Gardez votre fichier de reçu et signalez-le à l’autorité électorale.',
  },
  ar: {
    stateCast: 'محتسبة: هذه آخر بطاقة اقتراع لمُعرِّفك، وهي داخلة في العدّ.',
    stateSuperseded: 'مستبدَلة: بطاقة لاحقة لنفس المُعرِّف (المدخل {by, number}) تُحتسب بدلاً من هذه.',
    stateSupersededUnnamed: 'مستبدَلة: بطاقة لاحقة لنفس المُعرِّف تُحتسب بدلاً من هذه.',
    stateChallenged: 'مطعون فيها: فُتحت هذه البطاقة للتحقق ولا تُحتسب. إن لم تُدلِ ببطاقة أخرى، فصوّت من جديد.',
    stateCancelled:
      'ملغاة: سُجّل حضورك في مكتب الاقتراع {station} (المدخل {by, number})، فصوتك الورقي هو الذي يُحتسب لا هذه البطاقة الإلكترونية. إن لم تصوّت ورقياً، فأبلغ السلطة الانتخابية.',
    stateCancelledUnnamed:
      'ملغاة: سُجّل مُعرِّفك في مكتب اقتراع (المدخل {by, number})، فالصوت الورقي هو الذي يُحتسب لا هذه البطاقة الإلكترونية. إن لم تصوّت ورقياً، فأبلغ السلطة الانتخابية.',
    stateUncounted: 'غير محتسبة: لوحة النشر نفسها غير سليمة ({reason}). أبلغ السلطة الانتخابية.',
    headTime: 'قُرئت من اللوحة تحت رأس الشجرة الموقَّع في {at, date, medium} الساعة {at, time, short}.',
    keptExtended:
      '{n, plural, one {لوحة اليوم تمدّد أيضاً رأس الشجرة الذي احتفظت به.} two {لوحة اليوم تمدّد أيضاً رأسَي الشجرة اللذين احتفظت بهما.} few {لوحة اليوم تمدّد أيضاً # رؤوس شجرة احتفظت بها.} other {لوحة اليوم تمدّد أيضاً # رأس شجرة احتفظت به.}}',
    lightNote:
      'تحقق خفيف: أثبت متصفحك كل مدخل معروض هنا في السجل الموقَّع، لكنه لا يستطيع إثبات أن الخادم لم يُسقط شيئاً (بطاقة لاحقة، إلغاء). للتحقق الكامل، شغّل evident-track بنفس الرمز والمفتاح.',
    keptLabel: 'رؤوس الشجرة التي احتفظت بها (اختياري، ملف واحد أو أكثر)',
    keptHint:
      'ملفات رؤوس شجرة موقَّعة حُفظت من قبل، وهي التي يقبلها evident-track --tree-head. يجب أن تمدّد لوحة اليوم كلاً منها.',
    keptFork:
      'لم يعد السجل يمدّد رأس الشجرة المحفوظ في {file}: أُعيدت كتابة تاريخه (تفرّع في السجل). احتفظ بهذا الملف فهو دليل، وأبلغ السلطة الانتخابية.',
    keptRollback:
      'أصبح السجل الآن أقصر من رأس الشجرة المحفوظ في {file}: لقد أُرجع إلى الوراء. احتفظ بهذا الملف فهو دليل، وأبلغ السلطة الانتخابية.',
    keptWrongKey: 'رأس الشجرة في {file} غير موقَّع بمفتاح السجل الذي أعطيته لهذه الانتخابات.',
    badKeptHead: 'الملف {file} ليس ملف رأس شجرة (الحقل {field}).',
    statusLie:
      'جواب الخادم نفسه عن هذه البطاقة لا يطابق لوحته الموقَّعة: إنه يعرض هذه البطاقة على غير حقيقتها. احتفظ بملف الإيصال وأبلغ السلطة الانتخابية.',
  },
};
