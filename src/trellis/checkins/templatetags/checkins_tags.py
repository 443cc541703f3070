from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ groups|get_item:"right" }}`: a dict value by a key held in a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def answer_display(answer):
    """What a student answered, in words: option letters with their text, or what they typed."""
    if answer is None:
        return ""
    keys = answer.response.get("keys")
    if keys is not None:
        texts = {o["key"]: o["text"] for o in answer.version.options}
        return "; ".join(f"{k}. {texts.get(k, '')}" for k in keys)
    return answer.response.get("text", "")


@register.filter
def right_answer(version):
    """The right answer of a version, in words."""
    if version.is_choice:
        return "; ".join(f"{o['key']}. {o['text']}" for o in version.options if o["correct"])
    if version.kind == "number":
        text = f"{version.number_answer.normalize():f}"
        if version.tolerance:
            text += f" (± {version.tolerance.normalize():f})"
        return text
    return version.model_answer or "Your teacher will go through it with the class."


@register.filter
def confidence_label(value):
    from trellis.checkins.models import CONFIDENCE_LABELS

    return CONFIDENCE_LABELS.get(value, "")
