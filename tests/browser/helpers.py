"""A user's journey through the site in headless Chromium: each screen checked with axe-core and saved as a PNG."""

import io
import shutil

from django.conf import settings
from PIL import Image, ImageDraw

SCREENSHOTS = settings.BASE_DIR / "screenshots"
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
DEMO_PASSWORD = "score-demo-2015"


class AccessibilityViolations(AssertionError):
    pass


def describe_violations(url, violations):
    lines = [f"axe-core found serious or critical WCAG 2 A/AA violations on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
        lines.extend(f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"][:5])
    return "\n".join(lines)


class Journey:
    """One user's way through the site in one browser tab, named after the journey (its screenshot folder)."""

    def __init__(self, name, page):
        self.name = name
        self.page = page
        self.screens = 0
        self.blocked_by_policy = []
        page.on("console", self.note_policy_violation)
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def visit(self, path):
        self.page.goto(path)

    def note_policy_violation(self, message):
        if "Content Security Policy" in message.text:
            self.blocked_by_policy.append(f"{self.page.url}: {message.text}")

    def see(self, screen):
        """The page as it is now passes axe-core, broke no rule of the Content-Security-Policy (no script or style
        of the site was blocked) and is saved as screenshots/<journey>/NN-<screen>.png."""
        self.page.wait_for_load_state("load")
        assert not self.blocked_by_policy, self.blocked_by_policy
        self.check_accessibility()
        self.check_images()
        self.screens += 1
        self.page.screenshot(path=self.folder / f"{self.screens:02d}-{screen}.png", full_page=True)
        # After a full-page capture Chromium's idea of the scroll position lags behind Playwright's, and the next
        # click may land beside its target: start again from the top.
        self.page.evaluate("window.scrollTo(0, 0)")

    def check_images(self):
        """Every picture on the page loads, lazy ones included (so that the screenshot shows them too)."""
        self.page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
        self.page.wait_for_function("() => [...document.images].every(img => img.complete)")
        broken = self.page.evaluate("() => [...document.images].filter(img => !img.naturalWidth).map(img => img.src)")
        assert not broken, f"pictures that do not load on {self.page.url}: {broken}"

    def check_accessibility(self):
        # Evaluated by the test driver, not added as a <script>: the site's policy refuses inline scripts.
        self.page.evaluate(AXE_SCRIPT.read_text())
        results = self.page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
        blocking = [violation for violation in results["violations"] if violation["impact"] in BLOCKING_IMPACTS]
        if blocking:
            raise AccessibilityViolations(describe_violations(self.page.url, blocking))

    def sign_in(self, username, password=DEMO_PASSWORD):
        self.visit("/accounts/login/")
        self.see("sign-in")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(password)
        self.page.locator("form button[type=submit]").click()
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def open_menu(self, path):
        """Follow the main menu's link to `path`, opening the collapsed menu first on a phone."""
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
        self.page.locator(f"#main-nav a[href='{path}']").click()


def focus_is_visible(page):
    """The focused element wears the site's focus ring: a solid outline at least 2 px wide."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle === "solid" && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


def unlabelled_fields(page):
    """Names of the visible form fields in <main> that have neither a <label> nor an ARIA label."""
    return page.evaluate(
        """() => [...document.querySelectorAll("main input, main select, main textarea")]
            .filter(field => field.type !== "hidden" && field.offsetParent !== null)
            .filter(field => !field.labels.length && !field.ariaLabel && !field.getAttribute("aria-labelledby"))
            .map(field => field.name)"""
    )


def picture_bytes(label, colour, image_format, tidy):
    """A photo-like picture of a workplace: things lie about (tidy=False) or stand on a shelf (tidy=True).
    The two scenes differ enough that the photo checks do not take one for a copy of the other."""
    picture = Image.new("RGB", (640, 480), colour)
    drawing = ImageDraw.Draw(picture)
    if tidy:
        drawing.rectangle((40, 60, 600, 140), fill=(250, 250, 245))
        for left in range(60, 560, 90):
            drawing.rectangle((left, 80, left + 50, 130), fill=(20, 60, 160))
    else:
        for left, top in [(50, 300), (200, 380), (330, 260), (470, 350), (120, 200)]:
            drawing.ellipse((left, top, left + 70, top + 70), fill=(200, 40, 30))
    drawing.text((40, 440), label, fill=(0, 0, 0))
    output = io.BytesIO()
    picture.save(output, format=image_format)
    return output.getvalue()


def photo_upload(name, image_format, *, tidy):
    """A file for set_input_files: a PNG or JPEG picture of the workplace before (untidy) or after (tidy)."""
    extension, mime_type = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}[image_format]
    colour = (225, 235, 225) if tidy else (190, 180, 160)
    content = picture_bytes(name, colour, image_format, tidy)
    return {"name": f"{name}.{extension}", "mimeType": mime_type, "buffer": content}
