"""LTI 1.3 Advantage: Trellis as a tool inside a school's LMS (docs/lti.md)."""
