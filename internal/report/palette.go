package report

import (
	"image/color"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Background is what the text report knows of the terminal's background.
// It is never asked of the terminal, which may not answer: the command line
// reads it from COLORFGBG alone (see BackgroundFromCOLORFGBG).
type Background int

// The backgrounds a terminal palette is chosen for.
const (
	// BackgroundUnknown picks colours that keep their contrast on black and
	// on white alike.
	BackgroundUnknown Background = iota
	BackgroundDark
	BackgroundLight
)

// BackgroundFromCOLORFGBG reads COLORFGBG ("15;0", or "0;default;15"),
// which some terminals set to their foreground and background colours: the
// background is its last field, an ANSI colour number. Anything else says
// nothing.
func BackgroundFromCOLORFGBG(v string) Background {
	fields := strings.Split(v, ";")
	if len(fields) < 2 {
		return BackgroundUnknown
	}
	bg, err := strconv.Atoi(strings.TrimSpace(fields[len(fields)-1]))
	if err != nil || bg < 0 || bg > 15 {
		return BackgroundUnknown
	}
	// 0–6 and 8 are the dark colours of the 16; 7 and 9–15 the light ones.
	if bg <= 6 || bg == 8 {
		return BackgroundDark
	}
	return BackgroundLight
}

// termPalette is what colour means in the text report, the same as in the
// HTML report (see colourLegend): the accent marks the level and the
// scores, warn a warning, note an unknown, good a rise; muted is for the
// lines that explain. The colours are indexed colours 16–255, whose values
// are the same in every terminal (the first 16 follow the theme), so their
// contrast can be known: each keeps at least 4.5:1 on the backgrounds it is
// meant for (see TestTerminalPalettesKeepTheirContrast).
type termPalette struct {
	accent, warn, note, good, muted ansi.IndexedColor
}

var termPalettes = map[Background]termPalette{
	// On both black and white: the few fixed colours that keep 4.5:1 on
	// either, for a terminal whose background is not known.
	BackgroundUnknown: {accent: 63, warn: 131, note: 163, good: 29, muted: 243},
	BackgroundDark:    {accent: 111, warn: 209, note: 177, good: 78, muted: 248},
	BackgroundLight:   {accent: 25, warn: 124, note: 55, good: 22, muted: 240},
}

// textStyles decorate the report on a terminal. Headings are bold in the
// terminal's own colour, so that the level, in the accent colour, stands
// out more than they do. With only the 16 theme colours, whose values the
// report cannot know, nothing is coloured: emphasis is bold alone.
type textStyles struct {
	title, bold, muted, heading, rule, level, accent, warn, note, good lipgloss.Style
	// bar and track draw the filled and the empty part of a bar.
	bar, track lipgloss.Style
}

func newTextStyles(p colorprofile.Profile, bg Background) textStyles {
	s := lipgloss.NewStyle()
	st := textStyles{
		title:   s.Bold(true),
		bold:    s.Bold(true),
		heading: s.Bold(true),
		level:   s.Bold(true),
		accent:  s.Bold(true),
		warn:    s.Bold(true),
		note:    s.Bold(true),
		good:    s.Bold(true),
	}
	if p < colorprofile.ANSI256 {
		return st
	}
	pal := termPalettes[bg]
	fg := func(c color.Color) lipgloss.Style { return s.Foreground(c) }
	st.muted = fg(pal.muted)
	st.rule = fg(pal.muted)
	st.level = fg(pal.accent).Bold(true)
	st.accent = fg(pal.accent)
	st.warn = fg(pal.warn).Bold(true)
	st.note = fg(pal.note).Bold(true)
	st.good = fg(pal.good)
	st.bar = fg(pal.accent)
	st.track = fg(pal.muted)
	return st
}
