package survey

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// model runs a huh form as a bubbletea program and watches it change
// pages. huh's own Run hides the page changes; this wrapper is how the
// draft gets saved after every page.
type model struct {
	form *huh.Form
	// pageOf maps each field to its page; nil for a one-page form.
	pageOf map[huh.Field]int
	// order is each field's place in the whole form, to tell a field left
	// forwards (answered) from one left backwards.
	order map[huh.Field]int
	// page is the page showing; start is the page to open on, and
	// startField the field on it (nil: the page's first).
	page, start int
	startField  huh.Field
	// onPage is called when the page changes, with the old and new index.
	onPage func(from, to int)
	// onAnswer is called with a field the person has just answered: a
	// select as Enter or Tab chooses its option, and any field as it is
	// left forwards, to the next field or page. It may be called more
	// than once for one answer.
	onAnswer func(huh.Field)
	// back, when set, is kept true while the last key pressed was
	// Shift+Tab, so that a field's validation can let the person go back
	// from a field they have not filled in yet.
	back *bool
	// sized is set once the window size is known. Until then nothing is
	// drawn: a page drawn at huh's default size can be taller than the
	// window and would scroll stray lines into the terminal's history.
	sized bool
	// stopped is set when the program is told to stop from outside.
	stopped bool
	// size is the terminal's size when known before the program starts.
	size *tea.WindowSizeMsg
}

// stopMsg tells the program to stop: a signal cancelled the assessment.
type stopMsg struct{}

func newModel(form *huh.Form, pageOf map[huh.Field]int, start int, onPage func(from, to int)) *model {
	// Both ends quit normally, so that the last frame is drawn, and the form
	// is empty then: no half-drawn page is left above the report or the
	// message. Form.State tells how it ended.
	form.SubmitCmd = tea.Quit
	form.CancelCmd = tea.Quit
	return &model{form: form, pageOf: pageOf, start: start, onPage: onPage}
}

func (m *model) current() int {
	if m.pageOf == nil {
		return 0
	}
	return m.pageOf[m.form.GetFocusedField()]
}

// Init opens the form on the start page by stepping over the pages before
// it, exactly as Enter on their last field would, so that Shift+Tab can
// still go back to them.
func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.form.Init()}
	if m.size != nil {
		// Sized now, the first frame is drawn at once instead of after the
		// program has asked the terminal for its size: the first screen
		// shows sooner.
		m.resize(*m.size)
	}
	for steps := 0; m.current() < m.start && steps < 1000; steps++ {
		cmds = append(cmds, m.form.NextGroup())
	}
	// On a page answered in part, the first question without an answer
	// has the focus.
	for steps := 0; m.startField != nil && m.form.GetFocusedField() != m.startField && m.current() == m.start && steps < 100; steps++ {
		cmds = append(cmds, m.form.NextField())
	}
	m.page = m.current()
	return tea.Batch(cmds...)
}

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(stopMsg); ok {
		m.stopped = true
		return m, tea.Quit
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		return m, m.resize(ws)
	}
	before := m.form.GetFocusedField()
	var chosen huh.Field
	if key, ok := msg.(tea.KeyPressMsg); ok {
		if m.back != nil {
			*m.back = key.String() == "shift+tab"
		}
		// Enter or Tab on a select chooses the option under the cursor.
		// The move to the next field comes later, as a message of its
		// own: a Ctrl-C typed meanwhile must not lose the answer.
		if k := key.String(); k == "enter" || k == "tab" {
			if h, ok := before.(interface{ Hovered() (string, bool) }); ok {
				if _, ok := h.Hovered(); ok {
					chosen = before
				}
			}
		}
	}
	f, cmd := m.form.Update(msg)
	m.form = f.(*huh.Form)
	if m.onAnswer != nil {
		if chosen != nil && m.form.State != huh.StateAborted {
			m.onAnswer(chosen)
		}
		if after := m.form.GetFocusedField(); after != before && m.order[after] > m.order[before] {
			m.onAnswer(before)
		}
	}
	if p := m.current(); p != m.page && m.form.State == huh.StateNormal {
		from := m.page
		m.page = p
		if m.onPage != nil {
			m.onPage(from, p)
		}
	}
	return m, cmd
}

// resize passes the window size on to the form.
func (m *model) resize(ws tea.WindowSizeMsg) tea.Cmd {
	// huh sizes a page to the window but then adds a blank line above the
	// help, so a page as tall as the window pushes its title off the top.
	// One line less keeps the title in view.
	ws.Height = max(ws.Height-1, 1)
	m.sized = true
	f, cmd := m.form.Update(ws)
	m.form = f.(*huh.Form)
	return cmd
}

func (m *model) View() tea.View {
	if !m.sized || m.stopped {
		return tea.NewView("")
	}
	return tea.NewView(m.form.View())
}
