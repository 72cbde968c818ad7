package org.opentrove.store;

import java.time.Instant;

public record OperationStepRow(
    String operationId,
    String step,
    int attempt,
    Instant started,
    Instant finished,
    String error) {}
