"""Pictures for the demo city's result reports, drawn by the seed itself with Pillow.

The demo needs photos so that story cards and pages look as they will with real reports, but a
downloaded photo would carry someone's rights and likeness, and binary files bloat the
repository. Each scene is a few coloured shapes, distinct enough to tell the stories apart. The
drawing goes through `pilots.images.clean_uploaded_image`, the same check a resident's upload
passes, so the demo's photos are stored exactly as real ones are.
"""

import io
import math
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from pilots.images import clean_uploaded_image

WIDTH, HEIGHT = 1200, 800
HORIZON = 520

Scene = Callable[[ImageDraw.ImageDraw], None]


def _sky_and_ground(draw: ImageDraw.ImageDraw, sky: str, ground: str) -> None:
    draw.rectangle((0, 0, WIDTH, HORIZON), fill=sky)
    draw.rectangle((0, HORIZON, WIDTH, HEIGHT), fill=ground)


def _blocks_of_flats(draw: ImageDraw.ImageDraw, colours: tuple[str, ...]) -> None:
    for number, colour in enumerate(colours):
        left = 40 + number * 290
        top = 140 + (number % 2) * 60
        draw.rectangle((left, top, left + 250, HORIZON), fill=colour)
        for row in range(top + 30, HORIZON - 40, 70):
            for column in range(left + 25, left + 230, 60):
                draw.rectangle((column, row, column + 34, row + 40), fill="#fdf3c4")


def _flower_bed(draw: ImageDraw.ImageDraw, left: int, top: int, width: int) -> None:
    draw.rectangle((left, top, left + width, top + 70), fill="#6b4a2b")
    colours = ("#e4572e", "#f3a712", "#a23b72", "#f7f7f7")
    for number, x in enumerate(range(left + 20, left + width - 10, 38)):
        draw.line((x, top + 10, x, top - 40), fill="#2f6b2f", width=5)
        draw.ellipse((x - 16, top - 66, x + 16, top - 34), fill=colours[number % len(colours)])


def _compost_bin(draw: ImageDraw.ImageDraw, left: int, top: int) -> None:
    draw.rectangle((left, top, left + 220, top + 200), fill="#2e5e3a")
    draw.polygon(
        [(left - 15, top), (left + 235, top), (left + 205, top - 45), (left + 15, top - 45)],
        fill="#1f4229",
    )
    for y in range(top + 30, top + 200, 40):
        draw.line((left + 10, y, left + 210, y), fill="#3f7a4d", width=6)


def compost_yard(draw: ImageDraw.ImageDraw) -> None:
    """A courtyard between blocks of flats: a compost bin and a flower bed in bloom."""
    _sky_and_ground(draw, "#9fd3f0", "#7cb85b")
    _blocks_of_flats(draw, ("#d9a679", "#c9c1b6", "#e6cf9e", "#b7c7d6"))
    draw.ellipse((1010, 40, 1130, 160), fill="#ffd34e")
    _compost_bin(draw, 180, 540)
    _flower_bed(draw, 560, 660, 520)


def compost_row_houses(draw: ImageDraw.ImageDraw) -> None:
    """Row houses with red roofs, a shared compost bin and a heap of finished soil."""
    _sky_and_ground(draw, "#bfe3f5", "#88c070")
    for number in range(4):
        left = 30 + number * 300
        draw.rectangle((left, 300, left + 270, HORIZON), fill=("#f2e8cf", "#e9d8a6")[number % 2])
        draw.polygon([(left - 15, 300), (left + 285, 300), (left + 135, 200)], fill="#a63d40")
        draw.rectangle((left + 110, 410, left + 160, HORIZON), fill="#5c4033")
        draw.rectangle((left + 30, 350, left + 80, 400), fill="#fdf3c4")
        draw.rectangle((left + 190, 350, left + 240, 400), fill="#fdf3c4")
    _compost_bin(draw, 760, 560)
    draw.pieslice((150, 600, 560, 860), 180, 360, fill="#4a3222")
    for x, y in ((230, 690), (330, 650), (430, 700), (300, 720)):
        draw.ellipse((x, y, x + 22, y + 14), fill="#6b4a2b")


def snow_shovels(draw: ImageDraw.ImageDraw) -> None:
    """A winter street: a wooden rack of snow shovels in front of small houses."""
    _sky_and_ground(draw, "#c7d9e8", "#f4f7fb")
    for number, colour in enumerate(("#8fb3c9", "#d8b4a0", "#b5c99a")):
        left = 60 + number * 400
        draw.rectangle((left, 280, left + 300, HORIZON), fill=colour)
        draw.polygon([(left - 20, 280), (left + 320, 280), (left + 150, 170)], fill="#ffffff")
        draw.rectangle((left + 40, 340, left + 100, 400), fill="#fdf3c4")
    draw.rectangle((330, 540, 880, 580), fill="#8b5a2b")
    draw.rectangle((350, 580, 380, 760), fill="#8b5a2b")
    draw.rectangle((830, 580, 860, 760), fill="#8b5a2b")
    for number, x in enumerate(range(400, 820, 70)):
        draw.line((x + 25, 520, x + 25, 680), fill="#c08a52", width=10)
        colour = ("#d62828", "#1d3557", "#f77f00")[number % 3]
        draw.rectangle((x, 680, x + 50, 740), fill=colour)
    for number in range(60):
        x, y = (number * 97) % WIDTH, (number * 53) % HORIZON
        draw.ellipse((x, y, x + 9, y + 9), fill="#ffffff")


def yard_party(draw: ImageDraw.ImageDraw) -> None:
    """A summer evening in a courtyard: lanterns on a string, a long table and a grill."""
    _sky_and_ground(draw, "#f6bd60", "#84a98c")
    _blocks_of_flats(draw, ("#cdb4db", "#bde0fe", "#ffc8dd", "#a2d2ff"))
    lanterns = ("#e63946", "#f1fa8c", "#2a9d8f", "#ffb703", "#8338ec")
    for number, x in enumerate(range(60, 1160, 100)):
        y = 110 + int(60 * math.sin(math.pi * x / WIDTH))
        draw.line((x, y, x + 100, y), fill="#333333", width=3)
        draw.ellipse((x + 30, y, x + 70, y + 50), fill=lanterns[number % len(lanterns)])
    draw.rectangle((160, 600, 760, 630), fill="#7f5539")
    for x in (190, 720):
        draw.rectangle((x, 630, x + 20, 740), fill="#7f5539")
    for x in range(200, 740, 90):
        draw.ellipse((x, 575, x + 40, 600), fill="#ffffff")
    draw.ellipse((880, 560, 1040, 640), fill="#222222")
    draw.line((900, 630, 880, 760), fill="#222222", width=8)
    draw.line((1020, 630, 1040, 760), fill="#222222", width=8)
    draw.line((920, 540, 930, 470), fill="#dddddd", width=6)
    draw.line((990, 540, 1000, 460), fill="#dddddd", width=6)


def _bicycle(draw: ImageDraw.ImageDraw, left: int, base: int, colour: str) -> None:
    radius = 90
    back, front = (left + radius, base - radius), (left + 3 * radius + 60, base - radius)
    for x, y in (back, front):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline="#222222", width=10)
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill="#555555")
    crank = (back[0] + 120, back[1])
    seat = (back[0] + 80, back[1] - 130)
    bars = (front[0] - 30, front[1] - 150)
    for start, end in ((back, crank), (crank, seat), (seat, back), (seat, bars), (crank, bars)):
        draw.line((*start, *end), fill=colour, width=12)
    draw.line((*bars, *front), fill=colour, width=12)
    draw.rectangle((seat[0] - 35, seat[1] - 15, seat[0] + 35, seat[1]), fill="#222222")


def bike_kitchen(draw: ImageDraw.ImageDraw) -> None:
    """A workshop in a storeroom: tools on a pegboard and a bicycle on the floor."""
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill="#e9edc9")
    draw.rectangle((0, 600, WIDTH, HEIGHT), fill="#8d99ae")
    draw.rectangle((140, 60, 1060, 380), fill="#ccd5ae")
    for x in range(170, 1040, 40):
        for y in range(90, 360, 40):
            draw.ellipse((x, y, x + 6, y + 6), fill="#a3b18a")
    tools = ("#e63946", "#457b9d", "#f4a261", "#2a9d8f", "#6d597a", "#e76f51")
    for number, x in enumerate(range(220, 1000, 130)):
        colour = tools[number % len(tools)]
        draw.rectangle((x, 110, x + 24, 280), fill="#adb5bd")
        draw.rectangle((x - 6, 250, x + 30, 330), fill=colour)
    _bicycle(draw, 300, 720, "#1d7874")


def community_fridge(draw: ImageDraw.ImageDraw) -> None:
    """A metro station's entrance hall: a fridge full of food beside the station sign."""
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill="#dfe7ec")
    for x in range(0, WIDTH, 60):
        draw.line((x, 0, x, 640), fill="#c5d1d8", width=2)
    for y in range(0, 640, 60):
        draw.line((0, y, WIDTH, y), fill="#c5d1d8", width=2)
    draw.rectangle((0, 640, WIDTH, HEIGHT), fill="#7d8597")
    draw.rectangle((820, 90, 1020, 290), fill="#f77f00")
    draw.polygon(
        [
            (855, 250),
            (855, 130),
            (920, 200),
            (985, 130),
            (985, 250),
            (955, 250),
            (955, 195),
            (920, 235),
            (885, 195),
            (885, 250),
        ],
        fill="#ffffff",
    )
    draw.rectangle((300, 140, 640, 720), fill="#f8f9fa", outline="#adb5bd", width=6)
    draw.line((300, 300, 640, 300), fill="#adb5bd", width=6)
    food = ("#e63946", "#ffb703", "#8ac926", "#1982c4", "#ff924c", "#6a4c93")
    for shelf, y in enumerate((350, 470, 590)):
        draw.line((320, y + 90, 620, y + 90), fill="#ced4da", width=4)
        for number, x in enumerate(range(330, 600, 70)):
            colour = food[(shelf + number) % len(food)]
            draw.rectangle((x, y + 20 + 10 * (number % 2), x + 50, y + 88), fill=colour)
    draw.rectangle((610, 180, 625, 260), fill="#6c757d")


SCENES: dict[str, Scene] = {
    scene.__name__: scene
    for scene in (
        compost_yard,
        compost_row_houses,
        snow_shovels,
        yard_party,
        bike_kitchen,
        community_fridge,
    )
}


def demo_photo(scene: str) -> SimpleUploadedFile:
    """The named scene as an uploaded JPEG, checked and cleaned like a resident's upload."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    SCENES[scene](ImageDraw.Draw(image))
    drawn = io.BytesIO()
    image.save(drawn, format="JPEG", quality=85)
    return clean_uploaded_image(
        SimpleUploadedFile(f"{scene}.jpg", drawn.getvalue(), content_type="image/jpeg")
    )
