package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/store"
)

type historyOptions struct {
	limit  int
	paths  bool
	output outputFlags
}

func newCmdHistory(f *factory) *cobra.Command {
	opts := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the results saved on this machine, newest first",
		Long: `List the results that assessments saved on this machine, newest first, with
the date, who answered, the questionnaire, the level and the index, and a
sparkline of the index over time.

Results live in $XDG_DATA_HOME/convergence/results (by default
~/.local/share/convergence/results). Compare any two of them with
"convergence compare".`,
		Example: `  convergence history
  convergence history --format json | jq -r '.results[0].file'
  convergence history --format markdown -o history.md

  # Compare the two latest results (newest first, so reverse them)
  convergence compare $(convergence history --paths -n 2 | tac)`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if opts.limit < 0 {
				return usageErrorf("--limit must not be negative")
			}
			return runHistory(f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.paths, "paths", false, "print only the result files' paths, one a line")
	cmd.Flags().IntVarP(&opts.limit, "limit", "n", 0, "show at most `N` results (0: all)")
	opts.output.register(cmd, report.FormatsOf(&result.History{})...)
	return cmd
}

func runHistory(f *factory, opts *historyOptions) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	dirs, err := store.UserDirs(f.io.Getenv)
	if err != nil {
		return err
	}
	dir := dirs.Results()
	entries, err := readHistory(f, dir)
	if err != nil {
		return err
	}
	if opts.limit > 0 && len(entries) > opts.limit {
		entries = entries[:opts.limit]
	}
	h := &result.History{Schema: result.HistorySchema, Directory: dir, Results: entries}
	return opts.output.write(f, func(w io.Writer) error {
		if opts.paths {
			for _, e := range h.Results {
				if _, err := fmt.Fprintln(w, diag.Clean(e.File)); err != nil {
					return err
				}
			}
			return nil
		}
		return report.Write(w, h, format, opts.output.reportOptions(f))
	})
}

// readHistory loads every result in dir, newest first. Files that are not
// results, cannot be read, or cannot be believed (see checkResult) are
// skipped with a warning, so one bad file does not hide the rest; after
// maxListed warnings the rest are counted, not listed. Only regular files
// are read: a named pipe there would wait for a writer.
func readHistory(f *factory, dir string) ([]result.HistoryEntry, error) {
	des, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []result.HistoryEntry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the history in %s: %w", dir, unwrapPathError(err))
	}
	entries := []result.HistoryEntry{}
	skipped := 0
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".json") || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, de.Name())
		var r *result.Result
		info, err := os.Stat(path)
		switch {
		case err != nil:
			err = fmt.Errorf("%s: %w", path, unwrapPathError(err))
		case !info.Mode().IsRegular():
			err = fmt.Errorf("%s: %w", path, diag.NotAFile(info.Mode()))
		default:
			r, err = loadResult(f, path)
		}
		if err != nil {
			skipped++
			var probs diag.Problems
			switch {
			case skipped > maxListed:
			case errors.As(err, &probs):
				say(f.io.ErrOut, "Warning: skipped %s", sentence(probs[0].String()))
			default:
				say(f.io.ErrOut, "Warning: skipped %s", sentence(err.Error()))
			}
			continue
		}
		entries = append(entries, result.HistoryEntry{
			File: path, AssessedAt: r.AssessedAt, Respondent: r.Respondent, Questionnaire: r.Questionnaire,
			Level: r.Overall.Level, LevelName: r.Overall.LevelName, Index: r.Overall.Index, Provisional: r.Overall.Provisional,
		})
	}
	if more := skipped - maxListed; more > 0 {
		files := "files"
		if more == 1 {
			files = "file"
		}
		say(f.io.ErrOut, "Warning: skipped %d more %s that are not results, or cannot be read or believed.", more, files)
	}
	slices.SortStableFunc(entries, func(a, b result.HistoryEntry) int {
		if c := b.AssessedAt.Compare(a.AssessedAt); c != 0 {
			return c
		}
		return strings.Compare(b.File, a.File)
	})
	return entries, nil
}
