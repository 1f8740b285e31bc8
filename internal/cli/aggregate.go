package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// maxListed bounds how many files an error lists one by one.
const maxListed = 10

// expandResultPaths turns arguments into result files: a file as it is, a
// directory as the *.json files directly in it, and a pattern (for shells
// that do not expand them) as the regular files it matches. The list is
// sorted and without duplicates.
func expandResultPaths(args []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		info, err := os.Stat(arg)
		switch {
		case err == nil && info.IsDir():
			matches, err := resultFilesIn(arg)
			if err != nil {
				return nil, err
			}
			if len(matches) == 0 {
				return nil, diag.Problems{{File: arg, Msg: "holds no result files (*.json)"}}
			}
			for _, m := range matches {
				add(m)
			}
		case err == nil:
			add(arg)
		case strings.ContainsAny(arg, "*?["):
			matches, gerr := filepath.Glob(arg)
			if gerr != nil {
				return nil, usageErrorf("bad pattern %q: %v", arg, gerr)
			}
			matches = regularFiles(withoutHidden(matches))
			if len(matches) == 0 {
				return nil, diag.Problems{{File: arg, Msg: "matches no files"}}
			}
			for _, m := range matches {
				add(m)
			}
		default:
			add(arg) // reading it will say it does not exist
		}
	}
	slices.Sort(out)
	return out, nil
}

// resultFilesIn lists the *.json files directly in dir, leaving out hidden
// ones (a workshop's draft and the temporary files of writes in progress)
// and anything that is not a regular file: a named pipe there would block
// the reader.
//
// The directory is read, not globbed: its name is a name, and "acme[1]"
// is no pattern.
func resultFilesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var matches []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			matches = append(matches, filepath.Join(dir, e.Name()))
		}
	}
	return regularFiles(withoutHidden(matches)), nil
}

// regularFiles keeps the paths that are regular files (through symbolic
// links): of the files the program finds by itself, in a directory or with
// a pattern, a named pipe would block the reader and a directory is no
// result.
func regularFiles(paths []string) []string {
	var out []string
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	return out
}

// withoutHidden leaves out files whose names start with a dot.
func withoutHidden(paths []string) []string {
	var out []string
	for _, p := range paths {
		if !strings.HasPrefix(filepath.Base(p), ".") {
			out = append(out, p)
		}
	}
	return out
}

// summaryJob is one decoded result, or why it could not be read.
type summaryJob struct {
	file    string
	summary *result.Summary
	err     error
}

// aggregateFiles streams result files through an aggregate of the
// questionnaire ref names, or, without one, of the questionnaire the first
// readable result names.
func aggregateFiles(f *factory, files []string, ref string) (*scoring.Aggregator, error) {
	if ref == "" {
		for _, file := range files {
			s, err := readSummary(file)
			var probs diag.Problems
			if err != nil && !errors.As(err, &probs) {
				return nil, err
			}
			if err == nil {
				// The version too: results of an older built-in version
				// make a workshop of that version.
				ref = s.Questionnaire.ID
				if questionnaire.BuiltinVersion(s.Questionnaire.ID, s.Questionnaire.Version) != nil {
					ref += "@" + s.Questionnaire.Version
				}
				break
			}
		}
	}
	q, err := loadQuestionnaire(f, ref)
	if err != nil {
		return nil, err
	}
	return aggregateWith(files, q, f.now())
}

// aggregateWith reads and decodes result files on every core, keeping only
// what the aggregate of q needs. Every damaged file, every result that
// cannot be believed (see checkSummary), every result of another
// questionnaire, version or wording, and a mix of versions are reported at
// once, naming the files.
func aggregateWith(files []string, q *questionnaire.Questionnaire, now time.Time) (*scoring.Aggregator, error) {
	jobs := make(chan string)
	done := make(chan summaryJob)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One read buffer per worker: fresh memory is the dearest part
			// of reading thousands of files.
			var buf []byte
			for file := range jobs {
				var s *result.Summary
				var err error
				if buf, err = diag.ReadFileInto(buf, file); err == nil {
					s, err = result.ParseSummary(file, buf)
				}
				if err == nil {
					err = checkSummary(now, file, s)
				}
				done <- summaryJob{file: file, summary: s, err: err}
			}
		}()
	}
	go func() {
		for _, file := range files {
			jobs <- file
		}
		close(jobs)
		wg.Wait()
		close(done)
	}()

	agg := scoring.NewAggregator(q)
	byRef := map[string][]string{}
	var bad diag.Problems
	var failure error
	for j := range done {
		err := j.err
		if err == nil {
			ref := j.summary.Questionnaire.ID + "@" + j.summary.Questionnaire.Version
			byRef[ref] = append(byRef[ref], j.file)
			err = agg.Add(j.file, j.summary)
		}
		var probs diag.Problems
		switch {
		case err == nil:
		case errors.As(err, &probs):
			bad = append(bad, probs...)
		case failure == nil:
			failure = err
		}
	}
	if failure != nil {
		return nil, failure
	}
	if len(byRef) > 1 {
		return nil, mixedVersions(byRef)
	}
	if len(bad) > 0 {
		return nil, bad.Sorted().Limit(maxListed, "damaged or foreign result files")
	}
	return agg, nil
}

func readSummary(file string) (*result.Summary, error) {
	data, err := diag.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return result.ParseSummary(file, data)
}

// mixedVersions says which files belong to which questionnaire version.
func mixedVersions(byRef map[string][]string) error {
	refs := make([]string, 0, len(byRef))
	for r := range byRef {
		refs = append(refs, r)
	}
	slices.Sort(refs)
	probs := diag.Problems{{Msg: fmt.Sprintf("these results are of %d different questionnaires or versions (%s); a workshop combines one",
		len(refs), strings.Join(refs, ", "))}}
	for _, r := range refs {
		files := byRef[r]
		slices.Sort(files)
		shown := files[:min(len(files), maxListed)]
		line := fmt.Sprintf("%s: %s", r, strings.Join(shown, ", "))
		if len(files) > len(shown) {
			line += fmt.Sprintf(" and %d more", len(files)-len(shown))
		}
		probs = append(probs, diag.Problem{Msg: line})
	}
	return probs
}
