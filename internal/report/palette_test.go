package report

import (
	"bytes"
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// luminance is the relative luminance of a colour, as WCAG 2 defines it.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v>>8) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func hexColor(t *testing.T, s string) color.RGBA {
	t.Helper()
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil || len(s) != 6 {
		t.Fatalf("not a colour: %q", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// TestTerminalPalettesKeepTheirContrast checks every colour of the text
// report against the backgrounds it is chosen for: 4.5:1, the contrast
// WCAG asks of text, on black and white when the background is not known,
// and on common dark or light terminal themes when COLORFGBG says which.
func TestTerminalPalettesKeepTheirContrast(t *testing.T) {
	backgrounds := map[Background][]string{
		BackgroundUnknown: {"#000000", "#ffffff"},
		// xterm, VS Code, Dracula, Solarized dark, Ubuntu.
		BackgroundDark: {"#000000", "#1e1e1e", "#282a36", "#002b36", "#300a24"},
		// xterm, Solarized light, a light grey.
		BackgroundLight: {"#ffffff", "#fdf6e3", "#eeeeee"},
	}
	for bg, p := range termPalettes {
		for name, c := range map[string]color.Color{"accent": p.accent, "warn": p.warn, "note": p.note, "good": p.good, "muted": p.muted} {
			for _, b := range backgrounds[bg] {
				if r := contrast(c, hexColor(t, b)); r < 4.5 {
					t.Errorf("background %d: %s (colour %d) is %.2f:1 on %s, want 4.5:1", bg, name, c, r, b)
				}
			}
		}
	}
}

func TestBackgroundFromCOLORFGBG(t *testing.T) {
	for v, want := range map[string]Background{
		"15;0": BackgroundDark, "0;15": BackgroundLight, "0;default;15": BackgroundLight, "7;8": BackgroundDark,
		"12;4": BackgroundDark, "0;7": BackgroundLight, "": BackgroundUnknown, "15": BackgroundUnknown,
		"15;default": BackgroundUnknown, "15;99": BackgroundUnknown,
	} {
		if got := BackgroundFromCOLORFGBG(v); got != want {
			t.Errorf("COLORFGBG=%q: %d, want %d", v, got, want)
		}
	}
}

// palettes reads the HTML report's two palettes from its CSS: the custom
// properties of :root, then those the dark scheme sets over them.
func palettes(t *testing.T) (light, dark map[string]color.RGBA) {
	t.Helper()
	var buf bytes.Buffer
	if err := htmlTemplate().ExecuteTemplate(&buf, "css", nil); err != nil {
		t.Fatal(err)
	}
	css := buf.String()
	i := strings.Index(css, "prefers-color-scheme: dark")
	if i < 0 {
		t.Fatal("the CSS has no dark palette")
	}
	read := func(s string) map[string]color.RGBA {
		m := map[string]color.RGBA{}
		for _, v := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-f]{6})`).FindAllStringSubmatch(s, -1) {
			m[v[1]] = hexColor(t, v[2])
		}
		return m
	}
	light = read(css[:i])
	dark = read(css[:i])
	for k, v := range read(css[i : strings.Index(css[i:], "}\n}")+i]) {
		dark[k] = v
	}
	return light, dark
}

// TestHTMLPalettesKeepTheirContrast checks the HTML report's colours in
// both palettes: text 4.5:1 on every background it is set on, and the
// lines and marks of charts 3:1 against what they are drawn on, the roles'
// colours included. axe-core checks the text of the rendered pages too,
// but not the strokes of the charts.
func TestHTMLPalettesKeepTheirContrast(t *testing.T) {
	light, dark := palettes(t)
	text := [][2]string{
		{"ink", "bg"}, {"ink", "surface"}, {"ink", "soft"}, {"ink", "accent-soft"}, {"ink", "warn-soft"}, {"ink", "note-soft"},
		{"muted", "bg"}, {"muted", "surface"}, {"muted", "soft"},
		{"accent", "surface"}, {"accent", "soft"}, {"accent", "accent-soft"},
		{"warn", "surface"}, {"warn", "warn-soft"}, {"note", "surface"}, {"note", "note-soft"},
		{"good", "surface"}, {"good", "good-soft"}, {"on-accent", "accent"}, {"surface", "warn"},
	}
	marks := [][2]string{
		{"axis", "surface"}, {"axis", "soft"}, {"accent", "surface"}, {"accent", "soft"}, {"ink", "surface"},
		{"warn", "surface"}, {"note", "surface"}, {"good", "surface"},
		// The level mark and its halo across a filled bar.
		{"surface", "accent"}, {"ink", "surface"},
	}
	for name, p := range map[string]map[string]color.RGBA{"light": light, "dark": dark} {
		check := func(pairs [][2]string, min float64) {
			for _, pair := range pairs {
				fg, okF := p[pair[0]]
				bg, okB := p[pair[1]]
				if !okF || !okB {
					t.Errorf("%s palette lacks --%s or --%s", name, pair[0], pair[1])
					continue
				}
				if r := contrast(fg, bg); r < min {
					t.Errorf("%s palette: --%s on --%s is %.2f:1, want %.1f:1", name, pair[0], pair[1], r, min)
				}
			}
		}
		check(text, 4.5)
		check(marks, 3)
		for i, st := range seriesStyles {
			for _, bg := range []string{"surface", "soft"} {
				if r := contrast(hexColor(t, st.Color), p[bg]); r < 3 {
					t.Errorf("%s palette: role colour %d (%s) is %.2f:1 on --%s, want 3:1", name, i+1, st.Color, r, bg)
				}
			}
		}
	}
	if len(light) < 15 || len(dark) != len(light) || dark["bg"] == light["bg"] || dark["ink"] == light["ink"] {
		t.Errorf("the palettes were not read: %d and %d colours, backgrounds %v and %v", len(light), len(dark), light["bg"], dark["bg"])
	}
}
