package report

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// textWidth is the number of terminal columns s takes, counting grapheme
// clusters the way lipgloss and modern terminals do (an emoji is two).
func textWidth(s string) int { return ansi.StringWidth(s) }

// truncate cuts s to at most width columns, ending it with tail when cut.
func truncate(s string, width int, tail string) string {
	if textWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, tail)
}

// padRight fills s with spaces up to width columns.
func padRight(s string, width int) string {
	if w := textWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// Wrap breaks text into lines of at most width display columns, breaking
// at spaces and, for words longer than a line, inside the word.
func Wrap(text string, width int) []string {
	if width < 1 {
		width = 1
	}
	var lines []string
	var line strings.Builder
	lineW := 0
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		lineW = 0
	}
	for _, word := range strings.Fields(text) {
		ww := textWidth(word)
		if lineW > 0 && lineW+1+ww > width {
			flush()
		}
		for ww > width {
			// A word wider than the line: cut it to fit.
			if lineW > 0 {
				flush()
			}
			head := ansi.Truncate(word, width, "")
			if head == "" { // a single character wider than the line
				head = string([]rune(word)[:1])
			}
			line.WriteString(head)
			flush()
			word = word[len(head):]
			ww = textWidth(word)
		}
		if word == "" {
			continue
		}
		if lineW > 0 {
			line.WriteByte(' ')
			lineW++
		}
		line.WriteString(word)
		lineW += ww
	}
	if lineW > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// padLeft fills s with spaces on the left up to width columns.
func padLeft(s string, width int) string {
	if w := textWidth(s); w < width {
		return strings.Repeat(" ", width-w) + s
	}
	return s
}

// clampScore keeps a score or level (0 to 5) in range before it is drawn,
// so a damaged number cannot overflow an int or leave a chart.
func clampScore(x float64) float64 { return max(0, min(5, x)) }
