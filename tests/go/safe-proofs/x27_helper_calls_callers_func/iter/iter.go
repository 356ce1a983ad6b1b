// Package iter: Each calls the func it is given; Hooks.Fire calls the func a
// field holds. Neither body has any other way to panic.
package iter

// Each calls f on every element of xs.
func Each(xs []int, f func(int)) {
	for _, x := range xs {
		f(x)
	}
}

// Hooks holds a callback.
type Hooks struct{ OnFire func() }

// Fire calls the callback if there is one.
func (h *Hooks) Fire() {
	if h.OnFire != nil {
		h.OnFire()
	}
}
