package io.github.asyncjobs.api;

/** Ends a request with a problem response. */
class ProblemException extends RuntimeException {

    private final Problem problem;

    ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
