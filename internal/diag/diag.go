// Package diag is the vocabulary every input reader shares: a Problem found
// in a file with its line and column, a list of them that reads as one
// error, the bounded and non-blocking file reader, and Clean, which makes a
// string from a file or a flag safe to show on a terminal. It imports no
// other package of this module.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a source file. Line and Col start at 1; zero means
// the position is not known.
type Pos struct {
	Line int `json:"-" yaml:"-"`
	Col  int `json:"-" yaml:"-"`
}

// Problem is one thing wrong with an input file, with where it was found.
type Problem struct {
	File    string
	Line    int
	Col     int
	Msg     string
	Warning bool
}

// Errorf is a problem with a whole file (or with no file), as an error.
func Errorf(file string, format string, args ...any) Problems {
	return Problems{{File: file, Msg: fmt.Sprintf(format, args...)}}
}

// String formats the problem the way compilers do: file:line:col: message.
// The file name and the message are cleaned, so a hostile file name or a
// value quoted from a file cannot reach a terminal as an escape sequence.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(Clean(p.File))
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
			if p.Col > 0 {
				fmt.Fprintf(&b, ":%d", p.Col)
			}
		}
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(Clean(p.Msg))
	return b.String()
}

// Problems is a list of problems found in one pass over an input. As an
// error it reads as one line per problem, so a user sees all of them at once.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	return ps.filter(false)
}

// Warnings returns the problems that are only warnings.
func (ps Problems) Warnings() Problems {
	return ps.filter(true)
}

func (ps Problems) filter(warning bool) Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning == warning {
			out = append(out, p)
		}
	}
	return out
}

// Sorted returns the problems ordered by file, line and column, keeping
// the order of problems at the same place.
func (ps Problems) Sorted() Problems {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return out
}

// AsError returns the error problems as an error, or nil when there are none.
func (ps Problems) AsError() error {
	if errs := ps.Errors(); len(errs) > 0 {
		return errs
	}
	return nil
}

// Limit keeps an error about thousands of files readable: the first max
// problems, then one line saying how many more of what there are.
func (ps Problems) Limit(max int, what string) Problems {
	if len(ps) <= max {
		return ps
	}
	out := append(Problems{}, ps[:max]...)
	return append(out, Problem{Msg: fmt.Sprintf("… and %d more %s", len(ps)-max, what)})
}
