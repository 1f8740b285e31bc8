package report

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

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
		ww := runewidth.StringWidth(word)
		if lineW > 0 && lineW+1+ww > width {
			flush()
		}
		for ww > width {
			// A word wider than the line: cut it to fit.
			if lineW > 0 {
				flush()
			}
			head := runewidth.Truncate(word, width, "")
			if head == "" { // a single character wider than the line
				head = string([]rune(word)[:1])
			}
			line.WriteString(head)
			flush()
			word = word[len(head):]
			ww = runewidth.StringWidth(word)
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

// indentWrap wraps text to width with a first-line prefix and a hanging
// indent of the same width for the lines after it.
func indentWrap(prefix, text string, width int) string {
	pw := runewidth.StringWidth(prefix)
	lines := Wrap(text, width-pw)
	pad := strings.Repeat(" ", pw)
	var b strings.Builder
	for i, l := range lines {
		if i == 0 {
			b.WriteString(prefix)
		} else {
			b.WriteString(pad)
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
