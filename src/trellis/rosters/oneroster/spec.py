"""What OneRoster 1.1 and 1.2 CSV sets contain, and how their roles map onto Trellis roles.

Column names are case-sensitive in OneRoster; Trellis reports a wrong case instead of
guessing. Columns not listed here (metadata.*, subjects, periods...) are accepted and skipped.
"""

from dataclasses import dataclass

# Trellis' role values (trellis.accounts.models.Role, rosters.models.EnrollmentRole), spelled
# out so that this module, and the set generator using it, need no Django setup.
STUDENT, TEACHER, LEADER, ADMIN = "student", "teacher", "leader", "admin"
GUARDIAN = "guardian"

VERSIONS = ("1.1", "1.2")

# Limits on what a set may hold. They are checked against what a zip declares AND counted
# while reading, so a zip whose headers lie cannot get past them.
MAX_FILES = 50
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# No roster record is anywhere near this long; a longer line is a damaged or hostile file,
# refused before it is held in memory.
MAX_LINE_BYTES = 1024 * 1024
# The longest sourcedId Trellis keeps (the database columns hold 255 characters).
MAX_SOURCED_ID = 255

BULK, DELTA, ABSENT = "bulk", "delta", "absent"
ACTIVE, TOBEDELETED = "active", "tobedeleted"
# OneRoster 1.0 wrote "inactive"; some systems still do. It means the same as tobedeleted.
STATUSES = {ACTIVE: ACTIVE, TOBEDELETED: TOBEDELETED, "inactive": TOBEDELETED}


@dataclass(frozen=True)
class FileSpec:
    name: str  # "users" for users.csv and file.users in the manifest
    columns: tuple[str, ...]  # every column Trellis knows, in the order of the spec
    required_columns: tuple[str, ...]  # must be in the header
    required_values: tuple[str, ...]  # must not be empty in a row

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


_COMMON = ("sourcedId", "status", "dateLastModified")

ORGS = FileSpec(
    "orgs",
    (*_COMMON, "name", "type", "identifier", "parentSourcedId"),
    (*_COMMON, "name", "type"),
    ("sourcedId", "name", "type"),
)
ACADEMIC_SESSIONS = FileSpec(
    "academicSessions",
    (*_COMMON, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"),
    (*_COMMON, "title", "type", "startDate", "endDate", "schoolYear"),
    ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
)
COURSES = FileSpec(
    "courses",
    (
        *_COMMON,
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ),
    (*_COMMON, "title", "orgSourcedId"),
    ("sourcedId", "title", "orgSourcedId"),
)
CLASSES = FileSpec(
    "classes",
    (
        *_COMMON,
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ),
    (*_COMMON, "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"),
    ("sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"),
)
ENROLLMENTS = FileSpec(
    "enrollments",
    (
        *_COMMON,
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),
    (*_COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
)
USERS_1_1 = FileSpec(
    "users",
    (
        *_COMMON,
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
    ),
    (*_COMMON, "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"),
    ("sourcedId", "enabledUser", "orgSourcedIds", "role", "givenName", "familyName"),
)
USERS_1_2 = FileSpec(
    "users",
    (
        *_COMMON,
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ),
    (*_COMMON, "enabledUser", "givenName", "familyName"),
    ("sourcedId", "enabledUser", "givenName", "familyName"),
)
# Only the birth date is read (for the under-13 consent rule; only the band is kept); the
# other columns are checked in the header, then skipped.
DEMOGRAPHICS = FileSpec(
    "demographics",
    (
        *_COMMON,
        "birthDate",
        "sex",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "countryOfBirthCode",
        "stateOfBirthAbbreviation",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ),
    ("sourcedId",),
    ("sourcedId",),
)
ROLES = FileSpec(
    "roles",
    (
        *_COMMON,
        "userSourcedId",
        "roleType",
        "role",
        "orgSourcedId",
        "userProfileSourcedId",
        "beginDate",
        "endDate",
    ),
    (*_COMMON, "userSourcedId", "roleType", "role", "orgSourcedId"),
    ("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
)

# The columns whose values Trellis uses; the others are checked in the header, then skipped.
USED_COLUMNS = frozenset(
    [
        "sourcedId",
        "status",
        "dateLastModified",
        "name",
        "type",
        "parentSourcedId",
        "title",
        "startDate",
        "endDate",
        "schoolYear",
        "schoolYearSourcedId",
        "courseCode",
        "grades",
        "orgSourcedId",
        "courseSourcedId",
        "classCode",
        "classType",
        "schoolSourcedId",
        "termSourcedIds",
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "givenName",
        "familyName",
        "email",
        "preferredGivenName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "classSourcedId",
        "userSourcedId",
        "roleType",
        "primary",
        "beginDate",
        "propertyName",
        "value",
        "agentSourcedIds",
        "birthDate",
    ]
)

# The files Trellis reads, in the order they are read (referenced before referencing).
FILES = {
    "1.1": (ORGS, ACADEMIC_SESSIONS, COURSES, CLASSES, USERS_1_1, DEMOGRAPHICS, ENROLLMENTS),
    "1.2": (
        ORGS,
        ACADEMIC_SESSIONS,
        COURSES,
        CLASSES,
        USERS_1_2,
        ROLES,
        DEMOGRAPHICS,
        ENROLLMENTS,
    ),
}
# Files Trellis reads when sent, without requiring their row in the manifest.
OPTIONAL_FILES = {"demographics"}
# Files of the standard that Trellis has no use for; accepted and reported as ignored.
KNOWN_OTHER_FILES = {
    "categories",
    "classResources",
    "courseResources",
    "lineItems",
    "resources",
    "results",
    "userProfiles",
    "userResources",
    "scoreScales",
    "lineItemLearningObjectiveIds",
    "lineItemScoreScales",
    "resultLearningObjectiveIds",
    "resultScoreScales",
}

ORG_TYPES = {"department", "school", "district", "local", "state", "national"}
SESSION_TYPES = {"gradingPeriod", "semester", "schoolYear", "term"}
CLASS_TYPES = {"homeroom", "scheduled"}
ROLE_TYPES = {"primary", "secondary"}

# A person's role in the information system -> their role in Trellis. None: not imported,
# reported as ignored. Guardians are linked to their students by `agentSourcedIds`.
USER_ROLES: dict[str, str | None] = {
    "student": STUDENT,
    "teacher": TEACHER,
    "aide": TEACHER,
    "proctor": TEACHER,
    "administrator": ADMIN,
    "districtAdministrator": ADMIN,
    "siteAdministrator": ADMIN,
    "systemAdministrator": ADMIN,
    # A principal leads the school: Trellis shows leaders aggregates only, never rosters.
    "principal": LEADER,
    "guardian": GUARDIAN,
    "parent": GUARDIAN,
    "relative": GUARDIAN,
    "counselor": None,
}
# When a person holds several roles, the first of these they hold wins.
ROLE_PRECEDENCE = (ADMIN, LEADER, TEACHER, STUDENT, GUARDIAN)

ENROLLMENT_ROLES: dict[str, str | None] = {
    "student": STUDENT,
    "teacher": TEACHER,
    "aide": TEACHER,
    "administrator": None,
    "proctor": None,
}


def is_extension(value: str) -> bool:
    """OneRoster lets a system add its own enumeration values, spelled "ext:..."."""
    return value.startswith("ext:")
