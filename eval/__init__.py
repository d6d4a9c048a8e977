"""Golden questions, execution accuracy and metric-change regression reports."""
