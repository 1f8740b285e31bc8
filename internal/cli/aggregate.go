package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// maxListed bounds how many files an error lists one by one.
const maxListed = 10

// expandResultPaths turns arguments into result files: a file as it is, a
// directory as the *.json files directly in it, and a pattern (for shells
// that do not expand them) as its matches. The list is sorted and without
// duplicates.
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
				return nil, questionnaire.Problems{{File: arg, Msg: "holds no result files (*.json)"}}
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
			if len(matches) == 0 {
				return nil, questionnaire.Problems{{File: arg, Msg: "matches no files"}}
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
// ones: a workshop's draft and the temporary files of writes in progress.
func resultFilesIn(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range matches {
		if !strings.HasPrefix(filepath.Base(m), ".") {
			out = append(out, m)
		}
	}
	return out, nil
}

// summaryJob is one decoded result, or why it could not be read.
type summaryJob struct {
	file    string
	summary *result.Summary
	err     error
}

// aggregateFiles streams result files through an aggregate, reading and
// decoding them on every core and keeping only what the aggregate needs.
// The questionnaire is the one the first result names (--questionnaire
// overrides). Every damaged file, and a mix of questionnaire versions, is
// reported at once, naming the files.
func aggregateFiles(f *factory, files []string, ref string) (*scoring.Aggregator, error) {
	// The first readable result names the questionnaire; damaged files
	// before it are reported with all the others, not on their own.
	var bad questionnaire.Problems
	var first *result.Summary
	for len(files) > 0 && first == nil {
		s, err := readSummary(files[0])
		if err != nil {
			var probs questionnaire.Problems
			if !errors.As(err, &probs) {
				return nil, err
			}
			bad = append(bad, probs...)
			files = files[1:]
			continue
		}
		first = s
	}
	if first == nil {
		return nil, limitProblems(bad.Sorted(), "damaged or foreign result files")
	}
	if ref == "" {
		ref = first.Questionnaire.ID
	}
	q, err := loadQuestionnaire(f, ref)
	if err != nil {
		return nil, err
	}
	if first.Questionnaire.Version == q.Version && first.Questionnaire.Digest != q.Digest {
		return nil, questionnaire.Problems{{File: files[0], Msg: fmt.Sprintf(
			"was scored with a different text of %s than this build has; give that questionnaire with --questionnaire", q.Ref())}}
	}

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
				if buf, err = readInto(buf, file); err == nil {
					s, err = result.ParseSummary(file, buf)
				}
				done <- summaryJob{file: file, summary: s, err: err}
			}
		}()
	}
	go func() {
		for _, file := range files[1:] {
			jobs <- file
		}
		close(jobs)
		wg.Wait()
		close(done)
	}()

	agg := scoring.NewAggregator(q)
	byRef := map[string][]string{}
	var failure error
	take := func(j summaryJob) {
		if j.err != nil {
			var probs questionnaire.Problems
			if errors.As(j.err, &probs) {
				bad = append(bad, probs...)
			} else if failure == nil {
				failure = j.err
			}
			return
		}
		ref := j.summary.Questionnaire.ID + "@" + j.summary.Questionnaire.Version
		byRef[ref] = append(byRef[ref], j.file)
		if len(byRef) == 1 && len(bad) == 0 {
			if err := agg.Add(j.file, j.summary); err != nil {
				var probs questionnaire.Problems
				if errors.As(err, &probs) {
					bad = append(bad, probs...)
				}
			}
		}
	}
	take(summaryJob{file: files[0], summary: first})
	for j := range done {
		take(j)
	}
	if failure != nil {
		return nil, failure
	}
	if len(byRef) > 1 {
		return nil, mixedVersions(byRef)
	}
	if len(bad) > 0 {
		return nil, limitProblems(bad.Sorted(), "damaged or foreign result files")
	}
	return agg, nil
}

// readInto reads a file into buf, growing it as needed, and refuses files
// over the input size limit.
func readInto(buf []byte, file string) ([]byte, error) {
	fh, err := os.Open(file)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return buf, questionnaire.Problems{{File: file, Msg: "no such file"}}
		}
		return buf, err
	}
	defer fh.Close()
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := fh.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > questionnaire.MaxFileSize {
			return buf, questionnaire.Problems{{File: file, Msg: fmt.Sprintf("file is larger than %d MiB", questionnaire.MaxFileSize>>20)}}
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			if strings.Contains(err.Error(), "is a directory") {
				return buf, questionnaire.Problems{{File: file, Msg: "is a directory, not a file"}}
			}
			return buf, err
		}
	}
}

func readSummary(file string) (*result.Summary, error) {
	data, err := questionnaire.ReadFile(file)
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
	probs := questionnaire.Problems{{Msg: fmt.Sprintf("these results are of %d different questionnaires or versions (%s); a workshop combines one",
		len(refs), strings.Join(refs, ", "))}}
	for _, r := range refs {
		files := byRef[r]
		slices.Sort(files)
		shown := files[:min(len(files), maxListed)]
		line := fmt.Sprintf("%s: %s", r, strings.Join(shown, ", "))
		if len(files) > len(shown) {
			line += fmt.Sprintf(" and %d more", len(files)-len(shown))
		}
		probs = append(probs, questionnaire.Problem{Msg: line})
	}
	return probs
}

// limitProblems keeps an error about thousands of files readable.
func limitProblems(probs questionnaire.Problems, what string) error {
	if len(probs) <= maxListed {
		return probs
	}
	out := append(questionnaire.Problems{}, probs[:maxListed]...)
	return append(out, questionnaire.Problem{Msg: fmt.Sprintf("… and %d more %s", len(probs)-maxListed, what)})
}
