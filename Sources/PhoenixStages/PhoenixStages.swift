/// PhoenixStages: the stage catalogue, input rules, renderers and apply steps.
public enum PhoenixStagesInfo {}
