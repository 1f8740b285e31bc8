package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/store"
)

// outputFlags are the --format and -o flags every report command takes.
type outputFlags struct {
	format  string
	out     string
	allowed []report.Format
}

// register adds --format and -o to cmd, with the formats given, or else
// the formats every report command takes, and JUnit for a command with a
// gate (--min-level or --fail-on-regression, defined before this call).
func (o *outputFlags) register(cmd *cobra.Command, allowed ...report.Format) {
	if len(allowed) == 0 {
		allowed = slices.Concat(report.Formats, report.DataFormats)
		if cmd.Flags().Lookup("min-level") != nil || cmd.Flags().Lookup("fail-on-regression") != nil {
			allowed = append(allowed, report.JUnit)
		}
	}
	o.allowed = allowed
	names := make([]string, len(allowed))
	for i, f := range allowed {
		names[i] = string(f)
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output `FORMAT`: "+diag.Join(names, "or"))
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "write the report to `FILE` (atomically) instead of standard output")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp))
}

// parse checks the --format value against the formats this command has.
func (o *outputFlags) parse() (report.Format, error) {
	f, ok := report.ParseFormat(o.format)
	if ok && slices.Contains(o.allowed, f) {
		return f, nil
	}
	names := make([]string, len(o.allowed))
	for i, a := range o.allowed {
		names[i] = string(a)
	}
	return "", usageErrorf("unknown format %q: use one of %s", o.format, strings.Join(names, ", "))
}

// checkDistinct refuses an -o file that is also one of the command's
// inputs or its --save file: writing the report there would destroy them.
func (o *outputFlags) checkDistinct(others ...string) error {
	if o.out == "" || o.out == "-" {
		return nil
	}
	for _, p := range others {
		if p != "" && p != "-" && samePath(o.out, p) {
			return usageErrorf("-o %s would overwrite %s; write the report to another file", o.out, p)
		}
	}
	return nil
}

// samePath reports whether two paths name the same file, whether or not
// it exists yet.
func samePath(a, b string) bool {
	if ia, err := os.Stat(a); err == nil {
		if ib, err := os.Stat(b); err == nil {
			return os.SameFile(ia, ib)
		}
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// write renders to standard output, or to the -o file atomically: the file
// is only replaced once the whole report has been rendered.
func (o *outputFlags) write(f *factory, render func(w io.Writer) error) error {
	if o.out == "" || o.out == "-" {
		return render(f.io.Out)
	}
	o.warnFormatName(f)
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	return store.WriteFile(o.out, buf.Bytes(), 0o644)
}

// warnFormatName says so when "-o json" looks like a slip for
// "--format json": an -o value that is exactly the name of a format, for a
// file that does not exist yet. The report is still written there.
func (o *outputFlags) warnFormatName(f *factory) {
	if _, ok := report.ParseFormat(o.out); !ok || strings.ToLower(o.out) != o.out {
		return
	}
	if _, err := os.Lstat(o.out); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	fmt.Fprintf(f.io.ErrOut, "Warning: writing the report to a file named %q; did you mean --format %s?\n", o.out, o.out)
}

// Widths of the text report: what it fits when nothing is known, and the
// most it takes from a wide terminal, where longer lines read worse.
const (
	textWidth    = 80
	maxTextWidth = 100
)

// reportOptions decides how the text report looks. On a terminal it is
// styled (unless NO_COLOR says otherwise) and as wide as the terminal, up to
// 100 columns; in a pipe it is 80 columns and plain unless CLICOLOR_FORCE
// asks for colour; in a file (-o) it is always plain text of 80 columns.
func (o *outputFlags) reportOptions(f *factory) report.Options {
	opts := report.Options{Width: textWidth}
	if o.out != "" && o.out != "-" {
		return opts
	}
	if w := f.io.StdoutWidth(); w > 0 {
		opts.Width = min(w, maxTextWidth)
	}
	opts.Color = f.io.ColorProfile()
	// The background is read from COLORFGBG alone, never asked of the
	// terminal, so that a terminal that does not answer cannot stall.
	opts.Background = report.BackgroundFromCOLORFGBG(f.io.getenv("COLORFGBG"))
	return opts
}
