# Reference values for the metric tests, computed once with scikit-learn 1.2.1 / imbalanced-learn 0.10.0:
#   /usr/bin/python3 tests/ImbalanceMesh.Core.Tests/Metrics/sklearn_reference.py
# The data generators mirror MetricCases.cs exactly (integer arithmetic, float32 scores).
import math
import warnings

import numpy as np
from imblearn.metrics import geometric_mean_score, sensitivity_specificity_support
from sklearn.metrics import (accuracy_score, average_precision_score, balanced_accuracy_score, confusion_matrix,
                             f1_score, matthews_corrcoef, precision_recall_fscore_support, roc_auc_score,
                             top_k_accuracy_score)

warnings.filterwarnings("ignore")


def ten_class(n=150, k=10):
    truth = [min(9, math.isqrt((i * i * 7 + i * 3) % 101)) for i in range(n)]
    scores = np.zeros((n, k), dtype=np.float32)
    for i in range(n):
        w = [((i * 13 + j * 7 + i * j * 5) % 17) + 1 + (8 if j == truth[i] and i % 3 != 0 else 0) for j in range(k)]
        s = sum(w)
        scores[i] = np.array([x / s for x in w], dtype=np.float64).astype(np.float32)
    return np.array(truth), scores


def binary():
    truth = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0])
    positive = np.array([1, 6, 5, 13, 6, 6, 3, 14, 5, 10], dtype=np.float32) / 16
    return truth, np.stack([1 - positive, positive], axis=1)


def report(name, y, s, labels, topk=(1, 2)):
    p = s.argmax(axis=1)
    print(f"== {name}")
    print("confusion_matrix", confusion_matrix(y, p, labels=labels).tolist())
    print("confusion_matrix normalize=true", confusion_matrix(y, p, labels=labels, normalize="true").round(12).tolist())
    prec, rec, f1, sup = precision_recall_fscore_support(y, p, labels=labels, zero_division=0)
    _, spec, _ = sensitivity_specificity_support(y, p, labels=labels)
    print("precision", prec.tolist()); print("recall", rec.tolist()); print("f1", f1.tolist())
    print("support", sup.tolist()); print("specificity", spec.tolist())
    print("accuracy_score", accuracy_score(y, p))
    print("balanced_accuracy_score", balanced_accuracy_score(y, p))
    print("f1_score macro", f1_score(y, p, average="macro", zero_division=0))
    print("f1_score weighted", f1_score(y, p, average="weighted", zero_division=0))
    print("geometric_mean_score", geometric_mean_score(y, p))
    print("geometric_mean_score correction=0.001", geometric_mean_score(y, p, correction=0.001))
    print("matthews_corrcoef", matthews_corrcoef(y, p))
    aucs = [roc_auc_score(y == c, s[:, c]) if 0 < (y == c).sum() < len(y) else float("nan") for c in labels]
    aps = [average_precision_score(y == c, s[:, c]) if (y == c).sum() > 0 else float("nan") for c in labels]
    print("roc_auc_score(y == c, s[:, c])", aucs)
    print("average_precision_score(y == c, s[:, c])", aps)
    if len(labels) > 2:
        print("roc_auc_score multi_class=ovr macro", roc_auc_score(y, s, multi_class="ovr", labels=labels))
    for k in topk:
        print(f"top_k_accuracy_score k={k}", top_k_accuracy_score(y, s, k=k, labels=labels))


report("binary", *binary(), labels=[0, 1], topk=())
report("ten_class", *ten_class(), labels=list(range(10)), topk=(1, 2, 3))

print("== absent class 3 of 4, never predicted")
y, p = [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0]
print("balanced_accuracy_score", balanced_accuracy_score(y, p), "f1_score macro", f1_score(y, p, average="macro"),
      "f1_score weighted", f1_score(y, p, average="weighted"), "geometric_mean_score", geometric_mean_score(y, p),
      "matthews_corrcoef", matthews_corrcoef(y, p))
print("== absent class 3 of 4, predicted once")
y, p = [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 3, 0]
print("balanced_accuracy_score", balanced_accuracy_score(y, p), "f1_score macro", f1_score(y, p, average="macro"),
      "f1_score weighted", f1_score(y, p, average="weighted"), "geometric_mean_score", geometric_mean_score(y, p),
      "geometric_mean_score correction=0.001", geometric_mean_score(y, p, correction=0.001),
      "matthews_corrcoef", matthews_corrcoef(y, p))
print("== top-k ties")
print("top_k_accuracy_score k=1", top_k_accuracy_score([0, 1, 2], [[0.2, 0.2, 0.6], [0.5, 0.25, 0.25], [0.1, 0.45, 0.45]], k=1))
