"""Western given names that overseas Chinese commonly use beside or instead of a Chinese one."""

from __future__ import annotations

__all__ = ["WESTERN_GIVEN_NAMES", "is_western_given_name"]

_NAMES = """
aaron adam adrian agnes alan albert alex alexander alexandra alfred alice alicia allan allen
alvin amanda amy andrea andrew andy angel angela angie anita anna annie anthony antonio april
arthur ashley audrey barbara benjamin benny bernard betty beverly bill billy bob bobby bonnie
brandon brenda brian bruce bryan calvin candy carl carmen carol caroline carrie catherine cathy
cecilia charles charlie charlotte cherry cheryl chris christina christine christopher cindy
claire clara clarence clement colin connie cynthia daisy daniel danny darren david dennis derek
diana diane dominic donald doris dorothy douglas edmund edward edwin eileen elaine eleanor
elizabeth ella ellen emily emma eric erica ernest esther eugene eva evelyn fanny felix fiona
florence frances francis frank franklin fred frederick gabriel gary george gerald gilbert gina
gloria gordon grace gregory hannah harold harry harvey hazel heather helen henry herbert howard
ian irene isaac isabel ivan ivy jack jackie jackson jacky jacob james jamie jane janet janice
jason jasmine jeffrey jennifer jenny jeremy jerry jessica jill jimmy joan joanna joe joey john
johnny jonathan joseph josephine joshua joyce judy julia julian julie justin karen kate
katherine kathy katie kelly kelvin kenneth kenny kevin kitty larry laura lawrence leo leon
leonard leslie lilian lily linda lisa louis louise lucas lucy luke mabel maggie mandy marco
margaret maria marian marie mark martin mary matthew maurice max melissa michael michelle
mike milton molly monica nancy natalie nathan nelson nicholas nicole norman oliver olivia
oscar pamela patricia patrick paul paula peggy peter philip phoebe priscilla rachel ralph
raymond rebecca richard rita robert robin rose ruby russell ruth ryan sabrina sally samantha
samuel sandra sandy sarah scott sean sharon shirley simon sophia sophie stanley stella
stephanie stephen steven stanley susan suzanne sylvia terence teresa terry thomas tiffany
timothy tina tommy tony tracy ursula valerie vanessa victor victoria vincent vivian walter
wendy william willie winnie winston yvonne zoe
ken sam tim ben dan jim tom ray roy
johnnie pansy morris jensen stan
"""

WESTERN_GIVEN_NAMES: frozenset[str] = frozenset(_NAMES.split())


def is_western_given_name(token: str) -> bool:
    """Whether a folded Latin token is a known Western given name ("kenneth", not "kin")."""
    return token in WESTERN_GIVEN_NAMES
