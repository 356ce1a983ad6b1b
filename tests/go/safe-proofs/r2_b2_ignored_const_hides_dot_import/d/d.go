package d

// N is a variable: zero unless set.
var N int
