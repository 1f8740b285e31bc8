package questionnaire

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

// String formats the problem the way compilers do: file:line:col: message.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
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
	b.WriteString(p.Msg)
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
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns the problems that are only warnings.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning {
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
