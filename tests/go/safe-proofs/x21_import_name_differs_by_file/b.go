package x21importnamediffersbyfile

import sc "safeproofs/x21_import_name_differs_by_file/rough"

// Rough returns the reading divided by by.
func (m *Meter) Rough(by int) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return sc.Scale(m.raw, by)
}
