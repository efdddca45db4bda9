/**
 * The words of the voter's eID login (spec/credentials.md §4.2): the login step of the voter
 * page (browser/login-step.ts) and the server's login refusal page (identity/login-page.ts).
 * ICU messages in every language of `@evident/i18n`; a missing translation does not compile.
 * @module
 */
import type { Catalog } from '@evident/i18n';

/** The keys. */
export type LoginKey =
  | 'loginHeading'
  | 'loginIntro'
  | 'loginButton'
  | 'loggedIn'
  | 'logout'
  | 'sessionEnding'
  | 'stayLoggedIn'
  | 'loggedOut'
  | 'refusedTitle'
  | 'backToVote'
  | 'errorCode'
  | 'errLoginFailed'
  | 'errLoginState'
  | 'errLoginToken'
  | 'errNotOnRoll'
  | 'errSession'
  | 'errNotYourCredential'
  | 'errUnavailable'
  | 'errNoProvider';

/** The catalog. */
export const LOGIN_STRINGS: Catalog<LoginKey> = {
  en: {
    loginHeading: 'Log in with your eID',
    loginIntro:
      'This election asks you to prove who you are with your national electronic identity before you vote. You will still need your credential code after that.',
    loginButton: 'Log in with your eID',
    loggedIn: 'You are logged in with your eID until {time, time, short}.',
    logout: 'Log out',
    sessionEnding:
      'Your eID session ends at {time, time, short}. Take the time you need: choose “Stay logged in” and your choices stay as they are.',
    stayLoggedIn: 'Stay logged in',
    loggedOut: 'You are logged out.',
    refusedTitle: 'Login refused',
    backToVote: 'Back to the voter page to log in again',
    errorCode: 'Error code: {code}',
    errLoginFailed:
      'The identity provider did not log you in (the login was cancelled or refused). Try again.',
    errLoginState:
      'This login answer was already used, has expired, or belongs to a login started elsewhere. Start the login again from the voter page.',
    errLoginToken:
      'The identity provider’s answer could not be verified (it may have expired). Start the login again.',
    errNotOnRoll:
      'You are logged in, but you are not on the roll of this election: you cannot vote online in it.',
    errSession: 'Your eID session has ended or is for another election. Log in again.',
    errNotYourCredential:
      'This credential code is not the one issued to the person logged in. Check the code on your letter.',
    errUnavailable: 'The identity provider cannot be reached. Try again in a few minutes.',
    errNoProvider: 'This server has no eID login: this election cannot be voted on here.',
  },
  fr: {
    loginHeading: 'Connectez-vous avec votre identité numérique',
    loginIntro:
      'Cette élection vous demande de prouver votre identité avec votre identité électronique nationale avant de voter. Votre code d’accès restera nécessaire ensuite.',
    loginButton: 'Se connecter avec son identité numérique',
    loggedIn: 'Vous êtes connecté avec votre identité numérique jusqu’à {time, time, short}.',
    logout: 'Se déconnecter',
    sessionEnding:
      'Votre session d’identité numérique prend fin à {time, time, short}. Prenez le temps qu’il vous faut : choisissez « Rester connecté » et vos choix restent tels quels.',
    stayLoggedIn: 'Rester connecté',
    loggedOut: 'Vous êtes déconnecté.',
    refusedTitle: 'Connexion refusée',
    backToVote: 'Retour à la page de vote pour vous reconnecter',
    errorCode: 'Code d’erreur : {code}',
    errLoginFailed:
      'Le fournisseur d’identité ne vous a pas connecté (connexion annulée ou refusée). Réessayez.',
    errLoginState:
      'Cette réponse de connexion a déjà servi, a expiré ou appartient à une connexion commencée ailleurs. Recommencez la connexion depuis la page de vote.',
    errLoginToken:
      'La réponse du fournisseur d’identité n’a pas pu être vérifiée (elle a peut-être expiré). Recommencez la connexion.',
    errNotOnRoll:
      'Vous êtes connecté, mais vous n’êtes pas inscrit sur la liste électorale de cette élection : vous ne pouvez pas y voter en ligne.',
    errSession:
      'Votre session d’identité numérique a pris fin ou concerne une autre élection. Reconnectez-vous.',
    errNotYourCredential:
      'Ce code d’accès n’est pas celui qui a été remis à la personne connectée. Vérifiez le code sur votre courrier.',
    errUnavailable: 'Le fournisseur d’identité est injoignable. Réessayez dans quelques minutes.',
    errNoProvider:
      'Ce serveur n’a pas de connexion par identité numérique : cette élection ne peut pas être votée ici.',
  },
  ar: {
    loginHeading: 'سجّل الدخول بهويتك الرقمية',
    loginIntro:
      'تطلب منك هذه الانتخابات إثبات هويتك بهويتك الإلكترونية الوطنية قبل التصويت. وستظل بحاجة إلى رمز الاعتماد الخاص بك بعد ذلك.',
    loginButton: 'تسجيل الدخول بالهوية الرقمية',
    loggedIn: 'أنت مسجّل الدخول بهويتك الرقمية حتى {time, time, short}.',
    logout: 'تسجيل الخروج',
    sessionEnding:
      'تنتهي جلسة هويتك الرقمية عند {time, time, short}. خذ الوقت الذي تحتاجه: اختر «البقاء متصلاً» وستبقى اختياراتك كما هي.',
    stayLoggedIn: 'البقاء متصلاً',
    loggedOut: 'تم تسجيل خروجك.',
    refusedTitle: 'رُفض تسجيل الدخول',
    backToVote: 'العودة إلى صفحة التصويت لتسجيل الدخول من جديد',
    errorCode: 'رمز الخطأ: {code}',
    errLoginFailed: 'لم يُسجّل مزوّد الهوية دخولك (أُلغي تسجيل الدخول أو رُفض). حاول مرة أخرى.',
    errLoginState:
      'استُخدم رد تسجيل الدخول هذا من قبل، أو انتهت صلاحيته، أو يخص تسجيل دخول بدأ في مكان آخر. ابدأ تسجيل الدخول من جديد من صفحة التصويت.',
    errLoginToken: 'تعذّر التحقق من رد مزوّد الهوية (ربما انتهت صلاحيته). ابدأ تسجيل الدخول من جديد.',
    errNotOnRoll:
      'لقد سجّلت الدخول، لكنك غير مدرج في قائمة الناخبين لهذه الانتخابات: لا يمكنك التصويت فيها عبر الإنترنت.',
    errSession: 'انتهت جلسة هويتك الرقمية أو أنها تخص انتخابات أخرى. سجّل الدخول من جديد.',
    errNotYourCredential: 'رمز الاعتماد هذا ليس الرمز الذي صدر للشخص المسجّل دخوله. تحقّق من الرمز في رسالتك.',
    errUnavailable: 'تعذّر الوصول إلى مزوّد الهوية. حاول مرة أخرى بعد بضع دقائق.',
    errNoProvider: 'لا يتيح هذا الخادم تسجيل الدخول بالهوية الرقمية: لا يمكن التصويت في هذه الانتخابات هنا.',
  },
};

/** The message key of a login refusal's error code; undefined for codes that are not the login's. */
export function loginErrorKey(code: string): LoginKey | undefined {
  switch (code) {
    case 'EVD_ERR_LOGIN_FAILED':
      return 'errLoginFailed';
    case 'EVD_ERR_LOGIN_STATE':
      return 'errLoginState';
    case 'EVD_ERR_LOGIN_TOKEN':
      return 'errLoginToken';
    case 'EVD_ERR_NOT_ON_ROLL':
      return 'errNotOnRoll';
    case 'EVD_ERR_IDENTITY':
      return 'errSession';
    case 'EVD_ERR_UNAVAILABLE':
      return 'errUnavailable';
    default:
      return undefined;
  }
}
