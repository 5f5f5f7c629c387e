"""Schematic before/after photos of the demo improvements, drawn with Pillow when the demo is loaded."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 800, 600
FLOOR_TOP, CAPTION_TOP = 430, 540
FLOOR = (150, 145, 135)
STEEL = (120, 130, 140)
DARK = (45, 50, 55)
WOOD = (150, 100, 55)
COPPER = (190, 110, 50)
BAG = (225, 205, 160)
CUP_COLOURS = [(220, 60, 60), (60, 120, 220), (240, 200, 40), (90, 180, 90), (240, 240, 240)]


def render_photo(scene, after, caption):
    """A JPEG (as bytes) showing `scene` before or after the improvement, with `caption` along the bottom."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WALLS[scene])
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle((0, FLOOR_TOP, WIDTH, CAPTION_TOP), fill=FLOOR)
    SCENES[scene](draw, random.Random(f"{scene}/{after}"), after)
    _stage_label(draw, after)
    draw.rectangle((0, CAPTION_TOP, WIDTH, HEIGHT), fill=DARK)
    draw.text((20, CAPTION_TOP + 18), caption, fill="white", font=ImageFont.load_default(size=24))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _stage_label(draw, after):
    text, colour, left = ("AFTER", (40, 150, 70), WIDTH - 200) if after else ("BEFORE", (200, 50, 40), 20)
    draw.rectangle((left, 20, left + 180, 76), fill=colour)
    draw.text((left + 14, 26), text, fill="white", font=ImageFont.load_default(size=40))


def _machine(draw, left, top=250, width=200):
    draw.rectangle((left, top, left + width, FLOOR_TOP), fill=STEEL, outline=DARK, width=3)
    draw.rectangle((left + 20, top + 20, left + 80, top + 60), fill=(60, 160, 90))
    draw.ellipse((left + width - 60, top + 25, left + width - 30, top + 55), fill=(210, 40, 40))


def _cup(draw, x, bottom, colour, tilt=0):
    points = [(-10, -28), (10, -28), (7, 0), (-7, 0)]
    cos, sin = math.cos(tilt), math.sin(tilt)
    corners = [(x + px * cos - py * sin, bottom + px * sin + py * cos) for px, py in points]
    draw.polygon(corners, fill=colour, outline=DARK)


def _dispenser(draw, left, bottom):
    draw.rectangle((left, bottom - 150, left + 70, bottom), fill=(235, 235, 235), outline=DARK, width=2)
    draw.rounded_rectangle((left + 10, bottom - 230, left + 60, bottom - 150), radius=14, fill=(120, 180, 235))
    draw.rectangle((left + 28, bottom - 100, left + 42, bottom - 88), fill=(60, 120, 220))


def _water(draw, rng, after):
    for left in (60, 300):
        _machine(draw, left)
    if after:
        draw.rectangle((520, 130, 780, FLOOR_TOP), fill=(110, 75, 45), outline=DARK, width=3)
        for shelf in (250, 340):
            draw.rectangle((540, shelf, 670, shelf + 12), fill=WOOD)
            for x in (550, 660):
                draw.line((x, shelf + 12, x, shelf + 40), fill=DARK, width=4)
            for index, colour in enumerate(CUP_COLOURS):
                _cup(draw, 557 + index * 24, shelf, colour)
        _dispenser(draw, 695, FLOOR_TOP)
        return
    for index in range(12):
        colour = CUP_COLOURS[index % len(CUP_COLOURS)]
        if index < 8:
            _cup(draw, rng.randint(80, 480), 250, colour)
        else:
            _cup(draw, rng.randint(120, 720), rng.randint(460, 520), colour, tilt=rng.uniform(-1.5, 1.5))
    _dispenser(draw, 600, rng.randint(470, 520))


def _shield(draw, rng, after):
    centre_x, centre_y, radius = 400, 230, 110
    draw.rectangle((150, 300, 650, FLOOR_TOP), fill=STEEL, outline=DARK, width=3)
    draw.line((0, centre_y, WIDTH, centre_y), fill=COPPER, width=10)
    draw.ellipse((centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius), outline=DARK, width=8)
    for spoke in range(6):
        angle = spoke * math.pi / 3
        end = (centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle))
        draw.line(((centre_x, centre_y), end), fill=DARK, width=5)
    if after:
        draw.rectangle((250, 90, 550, 380), fill=(40, 90, 160, 150), outline=(30, 70, 140), width=8)
        for x in (262, 538):
            for y in (102, 368):
                draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=(30, 70, 140))
        return
    for _ in range(30):
        angle = rng.uniform(0, 2 * math.pi)
        distance = rng.uniform(radius + 20, 330)
        x, y = centre_x + distance * math.cos(angle), centre_y + distance * math.sin(angle)
        draw.line(((x, y), (x - 30 * math.cos(angle), y - 30 * math.sin(angle))), fill=(200, 50, 40), width=3)
        draw.rectangle((x - 5, y - 4, x + 5, y + 4), fill=(90, 90, 90))
    draw.polygon([(720, 100), (670, 190), (770, 190)], fill=(245, 200, 30), outline=DARK)
    draw.line((720, 125, 720, 165), fill=DARK, width=6)


def _coil(draw, x, y, size):
    for ring in range(0, size, 8):
        box = (x - size + ring, y - (size - ring) / 2, x + size - ring, y + (size - ring) / 2)
        draw.ellipse(box, outline=COPPER, width=4)


def _hopper(draw, rng, after):
    if after:
        for left in (120, 440):
            outline = [(left, 200), (left + 240, 200), (left + 200, 400), (left + 40, 400)]
            draw.polygon(outline, fill=STEEL, outline=DARK)
            for x in (left + 60, left + 120, left + 180):
                _coil(draw, x, 200, 36)
            for x in (left + 50, left + 190):
                draw.ellipse((x - 18, 400, x + 18, 436), fill=DARK)
        return
    for _ in range(14):
        x, y = rng.randint(60, 700), rng.randint(260, 470)
        draw.rounded_rectangle((x, y, x + 110, y + 80), radius=25, fill=BAG, outline=(120, 100, 70), width=3)
        draw.line((x + 55, y, x + 55 + rng.randint(-30, 30), y - 40), fill=COPPER, width=6)
    for _ in range(8):
        x, y = rng.randint(40, 700), rng.randint(470, 520)
        draw.polygon([(x, y), (x + 70, y - 8), (x + 90, y + 12), (x + 10, y + 18)], fill=(235, 225, 195), outline=DARK)


def _tool(draw, x, y, angle, hammer):
    length = 110
    end = (x + length * math.cos(angle), y + length * math.sin(angle))
    draw.line(((x, y), end), fill=(70, 70, 80), width=9)
    if hammer:
        dx, dy = 25 * math.sin(angle), -25 * math.cos(angle)
        draw.line(((end[0] - dx, end[1] - dy), (end[0] + dx, end[1] + dy)), fill=DARK, width=16)
    else:
        draw.ellipse((end[0] - 16, end[1] - 16, end[0] + 16, end[1] + 16), outline=(70, 70, 80), width=7)


def _mould(draw, left, top):
    draw.rectangle((left, top, left + 90, top + 50), fill=DARK, outline=(20, 20, 20), width=2)
    draw.rectangle((left + 20, top + 12, left + 70, top + 38), fill=(90, 95, 100))


def _tools(draw, rng, after):
    draw.rectangle((80, 330, 720, 360), fill=WOOD)
    for x in (100, 690):
        draw.rectangle((x, 360, x + 20, FLOOR_TOP + 40), fill=WOOD)
    if after:
        draw.rectangle((140, 80, 660, 290), fill=(205, 170, 120), outline=WOOD, width=6)
        for x in range(160, 660, 24):
            for y in range(100, 290, 24):
                draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(120, 90, 60))
        for index, x in enumerate(range(190, 640, 60)):
            _tool(draw, x, 120, math.pi / 2, hammer=index % 2 == 0)
        for left in (420, 520, 620):
            _mould(draw, left - 20, 280)
        return
    for _ in range(4):
        _mould(draw, rng.randint(100, 600), rng.randint(270, 290))
    for index in range(12):
        _tool(draw, rng.randint(120, 600), rng.randint(250, 340), rng.uniform(0, 2 * math.pi), hammer=index % 2 == 0)


SCENES = {"water": _water, "shield": _shield, "hopper": _hopper, "tools": _tools}
WALLS = {"water": (225, 232, 220), "shield": (215, 222, 235), "hopper": (235, 228, 212), "tools": (228, 220, 230)}
