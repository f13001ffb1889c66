package io.sparkhpo.executors.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A safe arithmetic expression in one variable {@code t}, for LambdaLR / MultiplicativeLR factors. Nothing is
 * evaluated as code: the text is parsed into a tree of the operations below and nothing else.
 *
 * <pre>
 *   numbers, t, pi, e;  + - * / % ^ (power, right-associative);  unary -;  parentheses
 *   comparisons &lt; &lt;= &gt; &gt;= == != give 1 or 0
 *   exp log sqrt cos sin floor ceil abs, min(a, b, ...), max(a, b, ...)
 *   if(c, a, b)                        a when c != 0, else b
 *   piecewise(x, b1, v1, b2, v2, ..., v)   v1 if x &lt; b1, else v2 if x &lt; b2, ..., else v
 * </pre>
 * Example: {@code 0.95^t}, {@code piecewise(t, 30, 1, 60, 0.1, 0.01)}, {@code if(t < 5, (t + 1) / 5, 1)}.
 */
public final class Expression {

    private final String text;
    private int pos;

    private Expression(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the position and what was expected */
    public static DoubleUnaryOperator parse(String text) {
        Expression p = new Expression(text);
        DoubleUnaryOperator e = p.comparison();
        p.skip();
        if (p.pos != text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return e;
    }

    private DoubleUnaryOperator comparison() {
        DoubleUnaryOperator left = additive();
        skip();
        for (String op : List.of("<=", ">=", "==", "!=", "<", ">")) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                DoubleUnaryOperator l = left;
                DoubleUnaryOperator r = additive();
                return switch (op) {
                    case "<=" -> t -> l.applyAsDouble(t) <= r.applyAsDouble(t) ? 1 : 0;
                    case ">=" -> t -> l.applyAsDouble(t) >= r.applyAsDouble(t) ? 1 : 0;
                    case "==" -> t -> l.applyAsDouble(t) == r.applyAsDouble(t) ? 1 : 0;
                    case "!=" -> t -> l.applyAsDouble(t) != r.applyAsDouble(t) ? 1 : 0;
                    case "<" -> t -> l.applyAsDouble(t) < r.applyAsDouble(t) ? 1 : 0;
                    default -> t -> l.applyAsDouble(t) > r.applyAsDouble(t) ? 1 : 0;
                };
            }
        }
        return left;
    }

    private DoubleUnaryOperator additive() {
        DoubleUnaryOperator e = multiplicative();
        while (true) {
            skip();
            if (eat('+')) {
                DoubleUnaryOperator l = e;
                DoubleUnaryOperator r = multiplicative();
                e = t -> l.applyAsDouble(t) + r.applyAsDouble(t);
            } else if (eat('-')) {
                DoubleUnaryOperator l = e;
                DoubleUnaryOperator r = multiplicative();
                e = t -> l.applyAsDouble(t) - r.applyAsDouble(t);
            } else {
                return e;
            }
        }
    }

    private DoubleUnaryOperator multiplicative() {
        DoubleUnaryOperator e = unary();
        while (true) {
            skip();
            DoubleUnaryOperator l = e;
            if (eat('*')) {
                DoubleUnaryOperator r = unary();
                e = t -> l.applyAsDouble(t) * r.applyAsDouble(t);
            } else if (eat('/')) {
                DoubleUnaryOperator r = unary();
                e = t -> l.applyAsDouble(t) / r.applyAsDouble(t);
            } else if (eat('%')) {
                DoubleUnaryOperator r = unary();
                e = t -> l.applyAsDouble(t) % r.applyAsDouble(t);
            } else {
                return e;
            }
        }
    }

    private DoubleUnaryOperator unary() {
        skip();
        if (eat('-')) {
            DoubleUnaryOperator e = unary();
            return t -> -e.applyAsDouble(t);
        }
        DoubleUnaryOperator base = primary();
        skip();
        if (eat('^')) {
            DoubleUnaryOperator exp = unary();
            return t -> Math.pow(base.applyAsDouble(t), exp.applyAsDouble(t));
        }
        return base;
    }

    private DoubleUnaryOperator primary() {
        skip();
        if (pos >= text.length()) {
            throw error("expected a number, t, a function or '('");
        }
        char c = text.charAt(pos);
        if (eat('(')) {
            DoubleUnaryOperator e = comparison();
            expect(')');
            return e;
        }
        if (Character.isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c)) {
            String name = identifier();
            skip();
            if (pos < text.length() && text.charAt(pos) == '(') {
                return function(name);
            }
            return switch (name) {
                case "t" -> t -> t;
                case "pi" -> t -> Math.PI;
                case "e" -> t -> Math.E;
                default -> throw error("unknown name '" + name + "' (the variable is t; constants pi, e)");
            };
        }
        throw error("unexpected '" + c + "'");
    }

    private DoubleUnaryOperator function(String name) {
        expect('(');
        List<DoubleUnaryOperator> args = new ArrayList<>();
        skip();
        if (!eat(')')) {
            do {
                args.add(comparison());
                skip();
            } while (eat(','));
            expect(')');
        }
        return switch (name) {
            case "exp" -> unaryFn(name, args, Math::exp);
            case "log" -> unaryFn(name, args, Math::log);
            case "sqrt" -> unaryFn(name, args, Math::sqrt);
            case "cos" -> unaryFn(name, args, Math::cos);
            case "sin" -> unaryFn(name, args, Math::sin);
            case "floor" -> unaryFn(name, args, Math::floor);
            case "ceil" -> unaryFn(name, args, Math::ceil);
            case "abs" -> unaryFn(name, args, Math::abs);
            case "min", "max" -> {
                if (args.isEmpty()) {
                    throw error(name + "() needs at least one argument");
                }
                boolean min = name.equals("min");
                yield t -> {
                    double best = args.get(0).applyAsDouble(t);
                    for (int i = 1; i < args.size(); i++) {
                        double v = args.get(i).applyAsDouble(t);
                        best = min ? Math.min(best, v) : Math.max(best, v);
                    }
                    return best;
                };
            }
            case "if" -> {
                if (args.size() != 3) {
                    throw error("if(condition, then, else) takes 3 arguments, got " + args.size());
                }
                yield t -> args.get(0).applyAsDouble(t) != 0 ? args.get(1).applyAsDouble(t) : args.get(2).applyAsDouble(t);
            }
            case "piecewise" -> {
                if (args.size() < 2 || args.size() % 2 != 0) {
                    throw error("piecewise(x, b1, v1, ..., v) takes x, pairs of bound and value, and a last value");
                }
                yield t -> {
                    double x = args.get(0).applyAsDouble(t);
                    for (int i = 1; i + 1 < args.size(); i += 2) {
                        if (x < args.get(i).applyAsDouble(t)) {
                            return args.get(i + 1).applyAsDouble(t);
                        }
                    }
                    return args.get(args.size() - 1).applyAsDouble(t);
                };
            }
            default -> throw error("unknown function '" + name + "' (functions: exp log sqrt cos sin floor ceil abs "
                    + "min max if piecewise)");
        };
    }

    private DoubleUnaryOperator unaryFn(String name, List<DoubleUnaryOperator> args, DoubleUnaryOperator f) {
        if (args.size() != 1) {
            throw error(name + "() takes 1 argument, got " + args.size());
        }
        DoubleUnaryOperator a = args.get(0);
        return t -> f.applyAsDouble(a.applyAsDouble(t));
    }

    private DoubleUnaryOperator number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        try {
            double v = Double.parseDouble(text.substring(start, pos));
            return t -> v;
        } catch (NumberFormatException e) {
            pos = start;
            throw error("bad number");
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(char c) {
        skip();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!eat(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("in expression \"" + text + "\" at position " + pos + ": " + what);
    }
}
