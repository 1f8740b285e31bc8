package cli

import (
	"bytes"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/colorprofile"
	"golang.org/x/term"
)

// IOStreams are the standard streams a command uses, with what is known
// about them. Nothing below this package touches os.Stdin or os.Stdout.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY  bool
	outTTY bool
	errTTY bool
	// outWidth asks the terminal on standard output for its width.
	outWidth func() int
	// Getenv reads the environment (NO_COLOR, XDG_* and the like).
	Getenv func(string) string
	// Environ is the whole environment, for colour profile detection.
	Environ []string
}

// SystemStreams are the process's own streams.
func SystemStreams() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		inTTY:    isTerminal(os.Stdin),
		outTTY:   isTerminal(os.Stdout),
		errTTY:   isTerminal(os.Stderr),
		outWidth: func() int { return terminalWidth(os.Stdout) },
		Getenv:   os.Getenv,
		Environ:  os.Environ(),
	}
}

func terminalWidth(f *os.File) int {
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// TestStreams returns streams backed by buffers and an empty environment.
func TestStreams() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, Getenv: func(string) string { return "" }}, in, out, errOut
}

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.inTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// SetStdoutTTY makes test streams act as if standard output were a
// terminal of the given width.
func (s *IOStreams) SetStdoutTTY(isTTY bool, width int) {
	s.outTTY = isTTY
	s.outWidth = func() int { return width }
}

// StdoutWidth is the width of the terminal standard output shows on, or 0
// when it is not a terminal or does not say.
func (s *IOStreams) StdoutWidth() int {
	if !s.outTTY || s.outWidth == nil {
		return 0
	}
	return s.outWidth()
}

// ColorProfile is the colour profile of standard output, worked out from
// whether it is a terminal and from the environment alone: TERM,
// COLORTERM, CLICOLOR and CLICOLOR_FORCE. NO_COLOR set to any value, as
// no-color.org asks, means no colour; so does CLICOLOR=0, as
// bixense.com/clicolors asks, unless CLICOLOR_FORCE overrides it. Nothing
// here asks the terminal a question, so it never waits on one that does
// not answer.
func (s *IOStreams) ColorProfile() colorprofile.Profile {
	if s.getenv("NO_COLOR") != "" {
		return colorprofile.NoTTY
	}
	if off, err := strconv.ParseBool(s.getenv("CLICOLOR")); err == nil && !off {
		if force, _ := strconv.ParseBool(s.getenv("CLICOLOR_FORCE")); !force {
			return colorprofile.NoTTY
		}
	}
	if s.outTTY {
		return colorprofile.Env(s.Environ)
	}
	// Not a terminal: only CLICOLOR_FORCE turns colour on.
	return colorprofile.Detect(io.Discard, s.Environ)
}

func (s *IOStreams) getenv(key string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(key)
}
