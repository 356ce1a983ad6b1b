package x20dotimportsdifferbyfile

import . "safeproofs/x20_dot_imports_differ_by_file/rough"

// Rough returns the reading divided by by.
func (m *Meter) Rough(by int) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return Scale(m.raw, by)
}
