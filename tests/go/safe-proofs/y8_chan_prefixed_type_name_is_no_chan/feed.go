// Package y8chanprefixedtypenameisnochan: `f.t.Same()` compares two values
// of topic's struct type `channel`, which a sloppy reading of type texts takes
// for a channel type (its name starts with "chan"): the proof of Same is
// wrong, the comparison panics, and an explicit Unlock leaves the lock held.
package y8chanprefixedtypenameisnochan

import (
	"sync"

	"safeproofs/y8_chan_prefixed_type_name_is_no_chan/topic"
)

// Feed follows a topic.
type Feed struct {
	mu   sync.Mutex
	t    topic.Topic
	same bool
}

// Settled says whether the topic's channels are the same.
func (f *Feed) Settled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.same = f.t.Same()
	return f.same
}
