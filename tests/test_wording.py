import pytest
from django.template import Context, Template
from django.utils import translation

from score_mis.wording import aside, join_list, place, sorted_for_reader


def test_lists_places_and_asides_are_punctuated_the_english_way():
    with translation.override("en"):
        assert join_list(["Gap", "Inditex", "Pentland"]) == "Gap, Inditex and Pentland"
        assert join_list(["footwear", "garments"], conjunction=False) == "footwear, garments"
        assert place("Ningbo", "Zhejiang") == "Ningbo, Zhejiang"
        assert place("Shanghai", "Shanghai") == "Shanghai"
        assert aside("footwear, garments", "five enterprises") == "five enterprises (footwear, garments)"


def test_chinese_generated_text_uses_chinese_punctuation_without_spaces():
    with translation.override("zh-hans"):
        assert join_list(["盖璞", "印地纺", "彭特兰"]) == "盖璞、印地纺和彭特兰"
        assert aside(join_list(["鞋类", "服装"], conjunction=False), "五家企业") == "五家企业（鞋类、服装）"
        assert place("宁波", "浙江") == "宁波，浙江"
        assert aside("研讨会") == "（研讨会）"


def test_chinese_names_sort_by_pinyin_english_names_alphabetically():
    with translation.override("zh-hans"):
        assert sorted_for_reader(["重庆", "北京", "上海", "广州", "宁波", "德阳", "泰兴", "西宁"]) == [
            "北京",
            "重庆",
            "德阳",
            "广州",
            "宁波",
            "上海",
            "泰兴",
            "西宁",
        ]
    with translation.override("en"):
        assert sorted_for_reader(["taixing", "Deyang", "Beijing"]) == ["Beijing", "Deyang", "taixing"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Before: <b>x</b> &amp; y (a &lt;b&gt;)"), ("zh-hans", "改进前：<b>x</b> &amp; y（a &lt;b&gt;）")],
)
def test_the_template_tags_escape_text_but_keep_html_that_is_already_safe(language, expected):
    template = Template(
        '{% load i18n wording %}{% translate "Before" %}{% colon %}{{ html|safe }} &amp; y{% aside text %}'
    )
    with translation.override(language):
        rendered = template.render(Context({"html": "<b>x</b>", "text": "a <b>"}))
    assert rendered == expected
