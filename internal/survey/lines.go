package survey

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Lines asks line by line: a prompt is printed, one line is read. Nothing
// is redrawn and nothing depends on colour, so it suits screen readers,
// and a script can pipe in one line per question.
//
// It does not use huh's accessible mode on purpose: that mode gives every
// prompt its own buffered scanner (piped input is swallowed by the first
// prompt), cannot report the end of the input, and has no hook to save
// after a page. Lines reads through one reader for the whole sitting.
type Lines struct {
	In  io.Reader
	Out io.Writer

	once  sync.Once
	lines chan lineResult
}

type lineResult struct {
	text string
	err  error
}

// ErrLineTooLong is returned for a line over maxLineLength bytes: bad
// input, like input that ends too early.
var ErrLineTooLong = errors.New("a line of input is too long")

// maxLineLength bounds one line of input: answers are a number or a short
// note, and an endless line must not grow memory without bound.
const maxLineLength = 64 << 10

// readLine returns the next line without its line ending. The reading runs
// in its own goroutine so that a cancelled context (Ctrl-C, SIGTERM,
// SIGHUP) stops the wait at once: a blocking read cannot be interrupted.
func (l *Lines) readLine(ctx context.Context) (string, error) {
	l.once.Do(func() {
		l.lines = make(chan lineResult)
		go func() {
			sc := bufio.NewScanner(l.In)
			sc.Buffer(make([]byte, 0, 4096), maxLineLength)
			for sc.Scan() {
				l.lines <- lineResult{text: strings.TrimSuffix(sc.Text(), "\r")}
			}
			err := sc.Err()
			switch {
			case errors.Is(err, bufio.ErrTooLong):
				err = ErrLineTooLong
			case err == nil:
				err = io.EOF
			}
			l.lines <- lineResult{err: err}
			close(l.lines)
		}()
	})
	select {
	case <-ctx.Done():
		return "", ErrInterrupted
	case r, ok := <-l.lines:
		switch {
		case !ok:
			return "", io.EOF
		case r.err != nil && !errors.Is(r.err, io.EOF) && !errors.Is(r.err, ErrLineTooLong):
			return "", fmt.Errorf("cannot read standard input: %w", r.err)
		}
		return r.text, r.err
	}
}

// printf writes to the person, every line cleaned (see diag.Clean): the
// questionnaire, a name or a directory may hold anything.
func (l *Lines) printf(format string, args ...any) {
	lines := strings.Split(fmt.Sprintf(format, args...), "\n")
	for i, line := range lines {
		lines[i] = diag.Clean(line)
	}
	_, _ = io.WriteString(l.Out, strings.Join(lines, "\n"))
}

// Welcome prints the first screen. A draft with answers is always resumed
// in line mode: a question about it would cost a script an input line.
func (l *Lines) Welcome(ctx context.Context, s *Session) (bool, error) {
	q := s.Questionnaire
	l.printf("%s\n%s\n", q.Title, welcomeText(q))
	resume := s.Draft != nil && s.Draft.Answered() > 0
	if resume {
		l.printf("\nContinuing your unfinished assessment: %s. To start again instead, run with --fresh.\n", s.Draft.Summary(q, s.Now()))
	}
	return resume, ctx.Err()
}

// Ask asks for the respondent's details still wanted and every question the
// draft has no answer to, saving after each answer. "b" or "back" instead of
// an answer goes back to the previous question asked, to answer it again.
func (l *Lines) Ask(ctx context.Context, s *Session) error {
	q, d := s.Questionnaire, s.Draft
	if !d.Complete(q) {
		if q.Intro != "" {
			l.printf("\n%s\n", q.Intro)
		}
		l.printf("Answer each question with the number of an option, then Enter; b goes back to the previous question.\n")
	}
	if err := l.askRespondent(ctx, s); err != nil {
		return err
	}
	// The questions to ask in this sitting, by their number.
	type item struct {
		qu  *questionnaire.Question
		n   int // 1-based, in questionnaire order
		dim int
	}
	var todo []item
	n := 0
	for i, dim := range q.Dimensions {
		for j := range dim.Questions {
			n++
			if _, ok := d.Answers[dim.Questions[j].ID]; !ok {
				todo = append(todo, item{qu: &dim.Questions[j], n: n, dim: i})
			}
		}
	}
	header := -1
	for k := 0; k < len(todo); k++ {
		it := todo[k]
		if it.dim != header {
			l.printf("\n%s\n", pageTitle(q, it.dim))
			header = it.dim
		}
		var given *Answer
		if a, ok := d.Answers[it.qu.ID]; ok {
			given = &a
		}
		ans, err := l.askQuestion(ctx, it.qu, it.n, len(q.Questions()), given, k > 0)
		if errors.Is(err, errBack) {
			k -= 2 // the loop adds one back
			header = -1
			continue
		}
		if err != nil {
			return lineError(err, it.n-1)
		}
		if s.Notes && WantsNote(q, it.qu, ans) {
			note, err := l.askText(ctx, fmt.Sprintf("Evidence for “%s”. %s\nNote: ", it.qu.Option(ans.Level), noteHelp), result.MaxNoteLength)
			if err != nil {
				return lineError(err, it.n)
			}
			ans.Note = note
		}
		d.Answers[it.qu.ID] = ans
		s.Save()
	}
	l.printf("\nAll %d questions are answered.\n", len(q.Questions()))
	return nil
}

// errBack is askQuestion's answer "b": go back to the previous question.
var errBack = errors.New("back")

// lineError turns the end of the input into an EndOfInputError naming the
// last question asked before it.
func lineError(err error, after int) error {
	if errors.Is(err, io.EOF) {
		return &EndOfInputError{After: after}
	}
	return err
}

func (l *Lines) askRespondent(ctx context.Context, s *Session) error {
	if !s.AskName && !s.AskRole && !s.AskOrg {
		return nil
	}
	r := &s.Draft.Respondent
	l.printf("\nAbout you (optional: press Enter to skip any of these)\n")
	if s.AskName {
		name, err := l.askText(ctx, "Your name: ", result.MaxNameLength)
		if err != nil {
			return lineError(err, 0)
		}
		r.Name = name
	}
	if s.AskRole {
		role, err := l.askRole(ctx, true)
		if err != nil {
			return lineError(err, 0)
		}
		r.Role = role
	}
	if s.AskOrg {
		org, err := l.askText(ctx, "Your organisation: ", result.MaxNameLength)
		if err != nil {
			return lineError(err, 0)
		}
		r.Org = org
	}
	s.Save()
	return nil
}

// askText asks for one line of text, of at most max characters (0: any):
// a longer line is asked again. Control characters typed or pasted in are
// dropped.
func (l *Lines) askText(ctx context.Context, prompt string, max int) (string, error) {
	for {
		l.printf("%s", prompt)
		text, err := l.readLine(ctx)
		if err != nil {
			// End the prompt's line, so what is said next starts a line.
			l.printf("\n")
		}
		text = strings.TrimSpace(diag.Clean(text))
		if n := utf8.RuneCountInString(text); err == nil && max > 0 && n > max {
			l.printf("That is %d characters long; the most is %d. Type it again, shorter.\n", n, max)
			continue
		}
		return text, err
	}
}

// askRole takes a role's number or its name; where the role is optional,
// an empty line skips.
func (l *Lines) askRole(ctx context.Context, optional bool) (string, error) {
	names := roleOptions()
	var list strings.Builder
	for i, n := range names {
		fmt.Fprintf(&list, "  %d. %s\n", i+1, n)
	}
	l.printf("Your role:\n%s", list.String())
	for {
		prompt := fmt.Sprintf("Role (1-%d): ", len(names))
		if optional {
			prompt = fmt.Sprintf("Role (1-%d, or Enter to skip): ", len(names))
		}
		text, err := l.askText(ctx, prompt, 0)
		if err != nil {
			return "", err
		}
		if text == "" && optional {
			return "", nil
		}
		if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(names) {
			return result.Roles[n-1], nil
		}
		if role, ok := result.NormalizeRole(text); ok {
			return role, nil
		}
		l.printf("Type a number from 1 to %d.\n", len(names))
	}
}

// askQuestion prints a question with numbered options and reads until a
// valid number comes, or, when canBack, "b" or "back" (errBack). given is
// the answer the question has already, when it is asked again.
func (l *Lines) askQuestion(ctx context.Context, qu *questionnaire.Question, n, total int, given *Answer, canBack bool) (Answer, error) {
	opts := choices(qu)
	l.printf("\nQuestion %d of %d. %s\n", n, total, qu.Prompt)
	if qu.Help != "" {
		l.printf("Help: %s\n", qu.Help)
	}
	for i, c := range opts {
		l.printf("  %d. %s\n", i+1, c.Label)
	}
	if given != nil {
		for i, c := range opts {
			if c.Answer.Status == given.Status && c.Answer.Level == given.Level {
				l.printf("Your answer was %d. %s\n", i+1, c.Label)
			}
		}
	}
	for {
		text, err := l.askText(ctx, fmt.Sprintf("Answer (1-%d): ", len(opts)), 0)
		if err != nil {
			return Answer{}, err
		}
		if k, err := strconv.Atoi(text); err == nil && k >= 1 && k <= len(opts) {
			return opts[k-1].Answer, nil
		}
		switch t := strings.ToLower(text); {
		case (t == "b" || t == "back") && canBack:
			return Answer{}, errBack
		case t == "b" || t == "back":
			l.printf("There is no earlier question to go back to here.\n")
			continue
		}
		orBack := ""
		if canBack {
			orBack = ", or b to go back"
		}
		l.printf("%q is not one of the options. Type a number from 1 to %d%s.\n", text, len(opts), orBack)
	}
}
