//go:build !windows

package main

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// screen is a small terminal emulator: enough of VT100/xterm to follow
// what the full-screen form draws, so a test can wait for text to be on the
// screen rather than in the byte stream (the renderer redraws only the
// cells that change, so a line's text need not be written in one piece).
// Colours, modes and queries are ignored.
type screen struct {
	rows, cols  int
	cells       [][]rune
	r, c        int
	savedR      int
	savedC      int
	top, bottom int
	last        rune
	wrapPending bool
	pending     []byte
	// scrollback holds the lines scrolled off the top of the screen, as a
	// terminal keeps them in its history, until ESC [3J erases it.
	scrollback []string
}

func newScreen(rows, cols int) *screen {
	s := &screen{rows: rows, cols: cols, bottom: rows - 1}
	s.cells = make([][]rune, rows)
	for i := range s.cells {
		s.cells[i] = blankLine(cols)
	}
	return s
}

func blankLine(cols int) []rune {
	l := make([]rune, cols)
	for i := range l {
		l[i] = ' '
	}
	return l
}

// text is the screen, one line per row, trailing blanks trimmed.
func (s *screen) text() string {
	var b strings.Builder
	for _, l := range s.cells {
		b.WriteString(strings.TrimRight(strings.ReplaceAll(string(l), "\x00", ""), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// history is the scrollback, one line per row, oldest first.
func (s *screen) history() string {
	return strings.Join(s.scrollback, "\n")
}

// write feeds output to the screen. A sequence or character split across
// writes is kept until the rest arrives.
func (s *screen) write(p []byte) {
	s.pending = append(s.pending, p...)
	b := s.pending
	i := 0
	for i < len(b) {
		n := s.step(b[i:])
		if n == 0 {
			break
		}
		i += n
	}
	s.pending = append(s.pending[:0], b[i:]...)
}

// step interprets one character or sequence at the start of b and returns
// its length, or 0 when b holds only part of it.
func (s *screen) step(b []byte) int {
	switch b[0] {
	case 0x1b:
		return s.escape(b)
	case '\r':
		s.c, s.wrapPending = 0, false
	case '\n', '\v', '\f':
		s.lineFeed()
	case '\b':
		s.c, s.wrapPending = max(s.c-1, 0), false
	case '\t':
		s.c = min((s.c/8+1)*8, s.cols-1)
	default:
		if b[0] < 0x20 || b[0] == 0x7f {
			return 1
		}
		if !utf8.FullRune(b) {
			return 0
		}
		r, n := utf8.DecodeRune(b)
		s.print(r)
		return n
	}
	return 1
}

func (s *screen) print(r rune) {
	w := runewidth.RuneWidth(r)
	if w == 0 {
		return
	}
	if s.wrapPending || s.c+w > s.cols {
		s.c = 0
		s.lineFeed()
	}
	s.cells[s.r][s.c] = r
	if w == 2 && s.c+1 < s.cols {
		s.cells[s.r][s.c+1] = 0
	}
	s.last = r
	s.c += w
	if s.c >= s.cols {
		s.c, s.wrapPending = s.cols-1, true
	}
}

func (s *screen) lineFeed() {
	s.wrapPending = false
	if s.r == s.bottom {
		s.scrollUp(1)
		return
	}
	s.r = min(s.r+1, s.rows-1)
}

func (s *screen) scrollUp(n int) {
	for ; n > 0; n-- {
		if s.top == 0 {
			s.scrollback = append(s.scrollback, strings.TrimRight(strings.ReplaceAll(string(s.cells[0]), "\x00", ""), " "))
		}
		copy(s.cells[s.top:s.bottom+1], s.cells[s.top+1:s.bottom+1])
		s.cells[s.bottom] = blankLine(s.cols)
	}
}

func (s *screen) scrollDown(n int) {
	for ; n > 0; n-- {
		copy(s.cells[s.top+1:s.bottom+1], s.cells[s.top:s.bottom])
		s.cells[s.top] = blankLine(s.cols)
	}
}

// escape handles ESC sequences: CSI, OSC and the string controls, and the
// two-byte ones.
func (s *screen) escape(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '[':
		for i := 2; i < len(b); i++ {
			if b[i] >= 0x40 && b[i] <= 0x7e {
				s.csi(string(b[2:i]), b[i])
				return i + 1
			}
		}
		return 0
	case ']', 'P', '_', '^', 'X':
		for i := 2; i < len(b); i++ {
			if b[i] == 0x07 {
				return i + 1
			}
			if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\' {
				return i + 2
			}
		}
		return 0
	case '(', ')', '*', '+', '#', '%', ' ':
		if len(b) < 3 {
			return 0
		}
		return 3
	case '7':
		s.savedR, s.savedC = s.r, s.c
	case '8':
		s.r, s.c, s.wrapPending = s.savedR, s.savedC, false
	case 'D':
		s.lineFeed()
	case 'E':
		s.c = 0
		s.lineFeed()
	case 'M':
		if s.r == s.top {
			s.scrollDown(1)
		} else {
			s.r = max(s.r-1, 0)
		}
	case 'c':
		*s = *newScreen(s.rows, s.cols)
	}
	return 2
}

// csi handles a control sequence with its parameter string and final byte.
func (s *screen) csi(params string, final byte) {
	if params != "" && strings.ContainsAny(params[:1], "?>=<") {
		return // private modes and queries
	}
	if strings.ContainsAny(params, "$ \"'!") {
		return // requests with intermediates
	}
	var ps []int
	for _, f := range strings.Split(params, ";") {
		n, _ := strconv.Atoi(f)
		ps = append(ps, n)
	}
	arg := func(i, def int) int {
		if i < len(ps) && ps[i] > 0 {
			return ps[i]
		}
		return def
	}
	clampR := func(r int) int { return min(max(r, 0), s.rows-1) }
	clampC := func(c int) int { return min(max(c, 0), s.cols-1) }
	s.wrapPending = false
	switch final {
	case 'A':
		s.r = clampR(s.r - arg(0, 1))
	case 'B', 'e':
		s.r = clampR(s.r + arg(0, 1))
	case 'C', 'a':
		s.c = clampC(s.c + arg(0, 1))
	case 'D':
		s.c = clampC(s.c - arg(0, 1))
	case 'E':
		s.r, s.c = clampR(s.r+arg(0, 1)), 0
	case 'F':
		s.r, s.c = clampR(s.r-arg(0, 1)), 0
	case 'I':
		for n := arg(0, 1); n > 0; n-- {
			s.c = clampC((s.c/8 + 1) * 8)
		}
	case 'Z':
		for n := arg(0, 1); n > 0; n-- {
			s.c = max((s.c-1)/8*8, 0)
		}
	case 'G', '`':
		s.c = clampC(arg(0, 1) - 1)
	case 'd':
		s.r = clampR(arg(0, 1) - 1)
	case 'H', 'f':
		s.r, s.c = clampR(arg(0, 1)-1), clampC(arg(1, 1)-1)
	case 'J':
		switch arg(0, 0) {
		case 0:
			s.eraseLine(s.r, s.c, s.cols)
			for r := s.r + 1; r < s.rows; r++ {
				s.cells[r] = blankLine(s.cols)
			}
		case 1:
			for r := 0; r < s.r; r++ {
				s.cells[r] = blankLine(s.cols)
			}
			s.eraseLine(s.r, 0, s.c+1)
		case 3:
			s.scrollback = nil
		default:
			for r := range s.cells {
				s.cells[r] = blankLine(s.cols)
			}
		}
	case 'K':
		switch arg(0, 0) {
		case 0:
			s.eraseLine(s.r, s.c, s.cols)
		case 1:
			s.eraseLine(s.r, 0, s.c+1)
		default:
			s.eraseLine(s.r, 0, s.cols)
		}
	case 'X':
		s.eraseLine(s.r, s.c, s.c+arg(0, 1))
	case '@':
		n := min(arg(0, 1), s.cols-s.c)
		line := s.cells[s.r]
		copy(line[s.c+n:], line[s.c:])
		s.eraseLine(s.r, s.c, s.c+n)
	case 'P':
		n := min(arg(0, 1), s.cols-s.c)
		line := s.cells[s.r]
		copy(line[s.c:], line[s.c+n:])
		s.eraseLine(s.r, s.cols-n, s.cols)
	case 'L', 'M':
		if s.r < s.top || s.r > s.bottom {
			return
		}
		top := s.top
		s.top = s.r
		if final == 'L' {
			s.scrollDown(arg(0, 1))
		} else {
			s.scrollUp(arg(0, 1))
		}
		s.top = top
	case 'S':
		s.scrollUp(arg(0, 1))
	case 'T':
		s.scrollDown(arg(0, 1))
	case 'b':
		for n := arg(0, 1); n > 0; n-- {
			s.print(s.last)
		}
	case 'r':
		s.top, s.bottom = clampR(arg(0, 1)-1), clampR(arg(1, s.rows)-1)
		s.r, s.c = 0, 0
	case 's':
		s.savedR, s.savedC = s.r, s.c
	case 'u':
		s.r, s.c = s.savedR, s.savedC
	}
}

func (s *screen) eraseLine(r, from, to int) {
	for c := max(from, 0); c < min(to, s.cols); c++ {
		s.cells[r][c] = ' '
	}
}
