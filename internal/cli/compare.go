package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

type compareOptions struct {
	files            []string
	failOnRegression bool
	output           outputFlags
}

func newCmdCompare(f *factory) *cobra.Command {
	opts := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare OLD.json NEW.json [MORE.json...]",
		Short: "Show progress between saved results",
		Long: `Compare results of the same questionnaire over time. They are put in the
order they were assessed, whatever the order given; "-" reads one of them
from standard input. The report shows the overall and per-dimension level
and score of the first and the latest result, the change (up, down or the
same, in words), the answers that moved, and the pace in levels per 90
days, measured against one level per 90 days: the 2026 article says that in
90 days of focus organisations typically move one full level.

Only like is compared with like: between results scored with different
versions or wordings of the questionnaire, levels are not compared (the
change is "changed", not up or down), nothing that went down there is a
regression, and a note says so. "convergence rescore OLD.json" moves an
old result to the current version.

--format html writes one self-contained page (no scripts, nothing fetched
from the network) with a line chart of the overall index and one for each
dimension, the levels then and now, the pace and the answers that moved.
--format json is the comparison document (convergence.compare/v1), which
identifies each result by its respondent, time and digest rather than by
its path; junit, openmetrics and csv are for CI and spreadsheets.

With --fail-on-regression the exit status is 3 when the overall level or any
dimension level went down in the latest step (the newest result against the
one before it), and the levels that went down are named on standard error.`,
		Example: `  convergence compare 2026-03.json 2026-06.json
  convergence compare results/*.json --format markdown -o progress.md
  convergence compare ~/.local/share/convergence/results  # all saved here
  convergence compare results/*.json --format html -o progress.html
  convergence compare last.json new.json --fail-on-regression --format json
  convergence score --answers a.yaml --format json |
    convergence compare last.json -`,
		Args: usageArgs(cobra.MinimumNArgs(1), "compare needs at least two result files, or a directory of them"),
		RunE: func(_ *cobra.Command, args []string) error {
			if _, err := opts.output.parse(); err != nil {
				return err
			}
			// Files, directories and patterns, as report takes them.
			files, err := expandResultPaths(args)
			if err != nil {
				return err
			}
			if len(files) < 2 {
				if len(files) == 1 && len(args) > 1 {
					return usageErrorf("compare needs two different results, but %s was given twice", diag.Clean(files[0]))
				}
				return usageErrorf("compare needs at least two result files, got %d", len(files))
			}
			opts.files = files
			return runCompare(f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.failOnRegression, "fail-on-regression", false, "exit with status 3 when a level went down in the latest step")
	opts.output.register(cmd, report.FormatsOf(&result.Comparison{})...)
	return cmd
}

func runCompare(f *factory, opts *compareOptions) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	if err := opts.output.checkDistinct(opts.files...); err != nil {
		return err
	}
	cmpr, err := loadComparer(f, opts.files)
	if err != nil {
		return err
	}
	c, err := cmpr.Compare(f.tool())
	if err != nil {
		return err
	}
	if err := opts.output.write(f, func(w io.Writer) error {
		return report.Write(w, c, format, opts.output.reportOptions(f))
	}); err != nil {
		return err
	}
	return regressionGate(f, c, opts.failOnRegression)
}

// loadComparer streams result files ("-" is standard input) through a
// comparison, a batch at a time decoded on every core and added in the
// order given, so that only what the comparison needs is kept of each.
// Every bad file is reported at once, the first ten of them by name. The
// same result under two names is compared once; a list that comes to a
// single result is a usage error.
func loadComparer(f *factory, files []string) (*scoring.Comparer, error) {
	cmpr := scoring.NewComparer()
	var probs diag.Problems
	seen := map[string]string{}
	var twice []string
	workers := max(1, runtime.GOMAXPROCS(0))
	batch := make([]loaded, 16*workers)
	bufs := make([][]byte, workers)
	for start := 0; start < len(files); start += len(batch) {
		n := min(len(batch), len(files)-start)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				// One read buffer per worker: fresh memory is the dearest
				// part of reading thousands of files.
				for i := w; i < n; i += workers {
					batch[i], bufs[w] = readResult(f, files[start+i], bufs[w])
				}
			})
		}
		wg.Wait()
		for _, l := range batch[:n] {
			if l.err != nil {
				var p diag.Problems
				if !errors.As(l.err, &p) {
					return nil, l.err
				}
				probs = append(probs, p...)
				continue
			}
			if other, ok := seen[l.digest]; ok {
				twice = append(twice, fmt.Sprintf("%s and %s", diag.Clean(other), diag.Clean(l.file)))
				continue
			}
			seen[l.digest] = l.file
			cmpr.Add(l.file, l.digest, l.r)
		}
		clear(batch)
	}
	if len(probs) > 0 {
		return nil, probs.Limit(maxListed, "damaged result files")
	}
	if len(twice) > 0 {
		if cmpr.Len() < 2 {
			return nil, usageErrorf("compare needs two different results, but %s are the same result", twice[0])
		}
		for _, t := range twice {
			fmt.Fprintf(f.io.ErrOut, "Note: %s are the same result; it is compared once.\n", t)
		}
	}
	return cmpr, nil
}

// regressionGate says on standard error what a reader of the comparison
// could misread — steps between results of different questionnaire
// versions, whose levels are not compared — and, when asked to gate, fails
// with exit status 3 naming every level that went down in the latest
// comparable step. The error points at the latest result, for CI
// annotations. A nil comparison passes.
func regressionGate(f *factory, c *result.Comparison, gate bool) error {
	if c == nil {
		return nil
	}
	for _, s := range c.Steps {
		if !s.Comparable {
			sayWrapped(f.io.ErrOut, "Note: "+scoring.StepNote(c, s))
		}
	}
	if !gate {
		return nil
	}
	err := regressionError(c)
	if err == nil {
		return nil
	}
	// Point CI annotations at the latest result's file, when it is one
	// (a result just scored against a baseline has none).
	file := c.Results[len(c.Results)-1].File
	if _, serr := os.Stat(file); serr != nil {
		file = ""
	}
	return &fileError{err: err, file: file}
}

// regressionError is the --fail-on-regression gate.
func regressionError(c *result.Comparison) error {
	if len(c.Regressions) == 0 {
		return nil
	}
	var what []string
	for _, r := range c.Regressions {
		what = append(what, fmt.Sprintf("%s from Level %d to %d", r.Name, r.FromLevel, r.ToLevel))
	}
	if msg := "regression: " + strings.Join(what, "; "); len(msg) < textWidth {
		return &gateError{msg: msg}
	}
	// Too long for one line of a terminal: one level a line.
	return &gateError{msg: fmt.Sprintf("regression: %d levels went down:\n  - %s", len(what), strings.Join(what, "\n  - "))}
}
