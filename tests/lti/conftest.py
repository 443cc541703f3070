from .fixtures import lti_platform, lti_school, lti_work  # noqa: F401
