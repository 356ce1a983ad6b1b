package y5externaltestseesinternaltestmethod

// Size is Outer's own Size in the test build: it indexes.
func (o Outer) Size() int { return o.sizes[3] }
